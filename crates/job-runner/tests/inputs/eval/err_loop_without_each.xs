function "main" {
  stack {
    foreach ([1]) {
      var $x { value = 1 }
    }
  }
}
