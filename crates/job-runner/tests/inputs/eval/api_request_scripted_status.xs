// http: {"status": 404, "result": {"error": "missing"}}
function "main" {
  stack {
    api.request {
      url = "https://api.example.com/x"
      method = "GET"
    } as $r
  }
  response = { status: $r.response.status, body: $r.response.result }
}
