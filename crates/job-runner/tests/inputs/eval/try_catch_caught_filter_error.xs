// A filter's error is caught like any other, with its message.
function "main" {
  stack {
    var $message { value = "" }
    try_catch {
      try {
        var $x { value = "not json"|json_decode }
      }
      catch {
        var.update $message { value = $error.message }
      }
    }
  }
  response = $message
}
