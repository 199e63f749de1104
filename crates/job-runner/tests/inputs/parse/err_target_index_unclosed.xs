function "f" {
  stack {
    var.update $arr[$i { value = 0 }
  }
}
