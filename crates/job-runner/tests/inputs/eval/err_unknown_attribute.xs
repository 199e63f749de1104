function "main" {
  stack {
    api.request {
      url = "https://example.com"
      method = "POST"
      body = { a: 1 }
    } as $r
  }
}
