function "main" {
  stack {
    var $n { value = [1, 2]|cout }
  }
  response = $n
}
