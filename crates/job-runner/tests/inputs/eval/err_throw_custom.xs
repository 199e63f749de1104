function "main" {
  stack {
    throw {
      name = "ValidationError"
      value = "Custom error message"
    }
  }
}
