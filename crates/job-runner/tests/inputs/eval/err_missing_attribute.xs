function "main" {
  stack {
    debug.log { }
  }
}
