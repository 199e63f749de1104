function "main" {
  stack {
    var $x { value = "abc" + 1 }
  }
  response = $x
}
