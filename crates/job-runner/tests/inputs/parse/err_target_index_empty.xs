function "f" {
  stack {
    var.update $arr[] { value = 0 }
  }
}
