function "main" {
  stack {
    var $numbers { value = 0..10000000 }
  }
  response = $numbers|count
}
