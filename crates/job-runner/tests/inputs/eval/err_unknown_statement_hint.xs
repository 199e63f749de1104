function "main" {
  stack {
    var $x { value = 1 }
    var.updat $x { value = 2 }
  }
}
