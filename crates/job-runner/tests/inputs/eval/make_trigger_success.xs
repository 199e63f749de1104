// env: {"make_webhook_url": "https://hook.eu1.make.com/abcdefghijklmnop"}
function "main" {
  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "xano-data-sync"
      payload = { records: [1, 2] }
    } as $result
  }
  response = $result
}
