function "main" {
  stack {
    var $x { value = $$ }
  }
  response = $x
}
