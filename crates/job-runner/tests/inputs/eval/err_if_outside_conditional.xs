function "main" {
  stack {
    if (true) {
      var $x { value = 1 }
    }
  }
}
