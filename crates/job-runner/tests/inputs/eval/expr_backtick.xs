function "main" {
  stack {
    var $x { value = `1 + 2 * 3` }
  }
  response = $x
}
