function "main" {
  stack {
    var $x { value = 1 / 0 }
  }
  response = $x
}
