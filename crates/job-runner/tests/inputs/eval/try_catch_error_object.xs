function "main" {
  stack {
    try_catch {
      try {
        precondition (false) {
          error_type = "notfound"
          error = "no such user"
        }
      }
      catch {
        var $caught { value = $error }
      }
    }
  }
  response = $caught
}
