function "main" {
  stack {
    var $x { value = [1, "a"]|map:$$ + 1 }
  }
  response = $x
}
