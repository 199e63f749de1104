// A literal method no server knows is refused at load, at its value.
function "main" {
  stack {
    api.request {
      url = "https://example.com/"
      method = "GETT"
    } as $r
  }
  response = $r
}
