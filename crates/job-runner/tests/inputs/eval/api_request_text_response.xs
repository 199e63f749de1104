// http: {"status": 200, "result": "Accepted"}
function "main" {
  stack {
    api.request {
      url = "https://hook.example.com/x"
      method = "POST"
      params = { a: 1 }
      headers = { "X-Custom": "yes" }
    } as $r
  }
  response = $r.response.result
}
