// Outside a test, mock is ignored and the request runs.
function "main" {
  stack {
    api.request {
      url = "https://api.example.com/x"
      mock = {
        "some test": { response: { status: 500 } }
      }
    } as $r
  }
  response = $r.response.status
}
