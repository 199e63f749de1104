function "main" {
  stack {
    var $x { value = 1 }
  }
}
