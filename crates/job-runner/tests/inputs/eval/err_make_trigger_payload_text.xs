// env: {"make_webhook_url": "https://hook.eu1.make.com/abcdefghijklmnop"}
function "main" {
  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "sync"
      payload = "not an object"
    } as $result
  }
  response = $result
}
