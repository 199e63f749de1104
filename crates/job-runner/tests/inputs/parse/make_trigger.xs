function "trigger" {
  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = $input.scenario_name
      payload = $input.payload
    } as $result
  }
  response = $result
}
