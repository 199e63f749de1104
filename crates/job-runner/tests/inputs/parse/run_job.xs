run.job "Trigger Make Scenario" {
  main = {
    name: "trigger_make_scenario"
    input: {
      scenario_name: "xano-data-sync"
      payload: { records: 3, "source system": "xano" }
    }
  }
  env = ["make_webhook_url"]
}
