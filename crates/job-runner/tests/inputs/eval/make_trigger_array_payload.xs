// env: {"make_webhook_url": "https://hook.us1.make.com/zyxwvutsrqpo"}
function "main" {
  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = 42
      payload = [{ id: 1 }, { id: 2 }]
    } as $result
  }
  response = $result.scenario_name
}
