function "main" {
  stack {
    var $x { value = 1 }
    var.update $x {
      value = 2
      disabled = true
    }
  }
  response = $x
}
