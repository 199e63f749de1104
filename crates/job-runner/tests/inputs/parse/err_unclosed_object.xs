function "f" {
  stack {
    var $x {
      value = { a: 1
      description = "oops"
    }
  }
}
