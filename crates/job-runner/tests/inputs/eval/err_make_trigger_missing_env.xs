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
