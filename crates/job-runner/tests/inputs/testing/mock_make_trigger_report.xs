// make.trigger_scenario answers with the mocked report in its test.
function "trigger" {
  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "sync"
      payload = { a: 1 }
      mock = {
        "gone": { status: "error", http_status: 410, message: "No scenario is listening for this webhook", attempts: 1 }
      }
    } as $result
  }
  response = $result

  test "gone" {
    expect.to_equal ($response.status) { value = "error" }
    expect.to_equal ($response.http_status) { value = 410 }
  }
}
