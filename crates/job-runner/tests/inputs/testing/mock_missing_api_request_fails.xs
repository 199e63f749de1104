// A request with no mock for the running test fails it; nothing is sent.
function "fetch" {
  stack {
    api.request {
      url = "https://api.example.com/data"
      mock = {
        "another test": { response: { result: { ok: true } } }
      }
    } as $result
  }
  response = $result.response.result

  test "has no mock" {
    expect.to_be_true ($response.ok)
  }
}
