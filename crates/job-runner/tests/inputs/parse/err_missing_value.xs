function "f" {
  stack {
    var $x {
      value =
    }
  }
}
