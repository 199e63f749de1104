// http: {"transport_error": "request timed out after 1 s"}
function "main" {
  stack {
    try_catch {
      try {
        api.request {
          url = "https://slow.example.com/"
          timeout = 1
        } as $r
      }
      catch {
        var $r { value = { failed: true, why: $error.message, name: $error.name } }
      }
    }
  }
  response = $r
}
