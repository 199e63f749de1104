function "f" {
  stack {
    function.run "f" { input = { a: 1 } } as $r
    api.request {
      url = "https://example.com/hook"
      method = "POST"
      params = {}
      headers = ["A: b"]
      timeout = 30
    } as $response_data
  }
}
