function "main" {
  stack {
    conditional {
      else {
        var $x { value = 1 }
      }
    }
  }
}
