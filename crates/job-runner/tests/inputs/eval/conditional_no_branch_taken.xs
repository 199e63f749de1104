function "main" {
  stack {
    var $x { value = "unchanged" }
    conditional {
      if (false) {
        var.update $x { value = "changed" }
      }
    }
  }
  response = $x
}
