function "main" {
  stack {
    try_catch {
      try {
        precondition (false) {
          error_type = "inputerror"
          error = "bad fields"
          payload = { fields: ["email"] }
        }
      }
      catch {
        var $caught { value = $error }
      }
    }
  }
  response = $caught
}
