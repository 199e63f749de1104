// env: {"make_webhook_url": "ftp://hook.eu1.make.com/secret-token-123"}
function "main" {
  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "sync"
      payload = {}
    } as $result
  }
  response = $result
}
