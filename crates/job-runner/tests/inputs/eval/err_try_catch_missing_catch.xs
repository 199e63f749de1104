function "main" {
  stack {
    try_catch {
      try {
        var $x { value = 1 }
      }
    }
  }
}
