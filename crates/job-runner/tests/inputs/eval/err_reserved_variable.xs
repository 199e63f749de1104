function "main" {
  stack {
    var $input { value = 1 }
  }
}
