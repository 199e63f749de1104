// env: {"make_webhook_url": "https://hook.eu1.make.com/limited123456"}
function "main" {
  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "sync"
      payload = {}
    } as $result
  }
  response = $result.status
}
