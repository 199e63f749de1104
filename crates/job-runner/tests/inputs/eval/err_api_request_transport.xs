// http: {"transport_error": "connection refused by 127.0.0.1:9"}
function "main" {
  stack {
    api.request {
      url = "http://127.0.0.1:9/"
      method = "GET"
    } as $r
  }
  response = $r
}
