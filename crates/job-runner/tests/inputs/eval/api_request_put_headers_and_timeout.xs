// PUT sends params as the body, with the headers and the timeout in seconds.
function "main" {
  stack {
    api.request {
      url = "https://api.example.com/items/1"
      method = "put"
      params = { name: "x" }
      headers = ["Authorization: Bearer t0k", "X-Trace: 1"]
      timeout = 2.5
    } as $r
  }
  response = $r.response.result
}
