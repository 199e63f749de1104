function "main" {
  stack {
    var $n { value = "abc"|replace:"a" }
  }
  response = $n
}
