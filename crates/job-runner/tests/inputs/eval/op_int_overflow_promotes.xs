function "main" {
  stack {
    var $big { value = 9223372036854775807 }
  }
  response = { sum: $big + 1, product: $big * 2 }
}
