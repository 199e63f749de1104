// Triggers a Make.com scenario through its custom webhook.
// Override the inputs with `--input` or `--input-file`; set the webhook URL
// in the environment (it is a credential: keep it out of this file).
run.job "Trigger Make Scenario" {
  main = {
    name: "trigger_make_scenario"
    input: {
      scenario_name: "xano-data-sync"
      payload: {
        event: "user_signup"
        user_id: 12345
        email: "user@example.com"
        plan: "premium"
        timestamp: "2024-01-15T10:30:00Z"
      }
    }
  }
  env = ["make_webhook_url"]
}
