function "f" {
  stack {
    precondition ($x > 0) {
      error_type = "inputerror"
      error = "x must be positive"
    }
    throw {
      name = "ValidationError"
      value = "Custom error message"
    }
    return { value = null }
  }
}
