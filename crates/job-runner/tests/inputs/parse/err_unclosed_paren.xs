function "f" {
  stack {
    conditional {
      if (($a|count) > 0 {
      }
    }
  }
}
