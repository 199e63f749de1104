function "main" {
  stack {
    var $x { value = -4|sqrt }
  }
  response = $x
}
