function "main" {
  stack {
    var $x { value = 5 }
    math.div $x { value = 0 }
  }
  response = $x
}
