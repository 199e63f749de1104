// Catching the refused request does not hide the missing mock.
function "fetch" {
  stack {
    try_catch {
      try {
        api.request {
          url = "https://api.example.com/data"
        } as $result
      }
      catch {
        var $result { value = null }
      }
    }
  }
  response = $result

  test "swallows the error" {
    expect.to_be_null ($response)
  }
}
