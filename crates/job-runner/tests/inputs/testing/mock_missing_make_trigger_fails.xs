// make.trigger_scenario without a mock fails the test; Make is never called.
function "trigger" {
  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "sync"
      payload = { a: 1 }
    } as $result
  }
  response = $result

  test "forgot the mock" {
    expect.to_equal ($response.status) { value = "success" }
  }
}
