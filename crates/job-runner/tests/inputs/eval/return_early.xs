function "main" {
  stack {
    var $x { value = 1 }
    conditional {
      if ($x == 1) {
        return { value = "early" }
      }
    }
    var.update $x { value = 2 }
  }
  response = "late"
}
