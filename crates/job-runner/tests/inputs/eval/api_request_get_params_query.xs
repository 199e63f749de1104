function "main" {
  stack {
    api.request {
      url = "https://api.example.com/search"
      params = { q: "a b", page: 2 }
    } as $r
  }
  response = $r.request
}
