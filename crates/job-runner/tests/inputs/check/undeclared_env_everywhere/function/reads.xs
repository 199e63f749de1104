// `$env` names the job does not declare, wherever they are written; the
// declared `api_token` is never flagged.
function "reads" {
  input {
  }
  stack {
    var $token { value = $env.api_token }
    foreach ([1, 2]) {
      each as $item {
        try_catch {
          try {
            var $nested { value = $env.in_a_loop }
          }
          catch {
            var $mapped { value = [1]|map:$$ ~ $env.in_a_filter }
          }
        }
      }
    }
    var $indexed { value = $env["by_index"] }
  }
  response = { token: $token, region: $env.in_the_response }

  test "reads its env" {
    input = {}
    expect.to_equal ($response.region) { value = $env.in_a_test }
  }
}
