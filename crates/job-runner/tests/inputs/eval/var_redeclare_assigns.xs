function "main" {
  stack {
    var $x { value = 1 }
    var $x { value = $x + 10 }
  }
  response = $x
}
