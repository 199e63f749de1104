// Tests never wait and see no environment variables.
function "slow" {
  stack {
    util.sleep { value = 60 }
    var $url { value = $env.make_webhook_url }
  }
  response = { url: $url }

  test "returns at once" {
    expect.to_be_null ($response.url)
  }
}
