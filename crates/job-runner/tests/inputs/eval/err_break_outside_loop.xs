function "main" {
  stack {
    break
  }
}
