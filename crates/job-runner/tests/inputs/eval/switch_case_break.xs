// input: {"status": "pending"}
function "main" {
  input {
    text status
  }
  stack {
    switch ($input.status) {
      case ("active") {
        var $message { value = "User is active" }
      } break
      case ("pending") {
        var $message { value = "User is pending" }
      } break
      default {
        var $message { value = "Unknown status" }
      }
    }
  }
  response = $message
}
