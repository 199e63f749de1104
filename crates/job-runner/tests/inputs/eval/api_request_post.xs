function "main" {
  stack {
    api.request {
      url = "https://api.example.com/items"
      method = "post"
      params = { name: "widget", qty: 2 }
      headers = ["Content-Type: application/json", "Authorization: Bearer abc"]
      timeout = 10
    } as $r
  }
  response = $r
}
