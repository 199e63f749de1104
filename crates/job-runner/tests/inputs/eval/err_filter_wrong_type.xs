function "main" {
  stack {
    var $x { value = "text"|count }
  }
  response = $x
}
