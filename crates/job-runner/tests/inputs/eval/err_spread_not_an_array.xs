function "main" {
  stack {
    var $o { value = { a: 1 } }
  }
  response = [1, ...$o]
}
