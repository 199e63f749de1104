function "main" {
  stack {
    api.request {
      url = "https://example.com/"
      headers = ["no colon here"]
    } as $r
  }
  response = $r
}
