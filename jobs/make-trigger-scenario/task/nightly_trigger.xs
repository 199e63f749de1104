// Triggers the scenario every night at 00:00 UTC, under `runner-cli serve`.
// Each night's trigger carries the Idempotency-Key `nightly_trigger-YYYY-MM-DD`
// (the night's date, from the occurrence, not the clock), and a retry or a
// second serve sends the same one: a scenario that drops keys it has seen
// runs once per night. Try it now with `runner-cli execute --task nightly_trigger --sandbox`.
task "nightly_trigger" {
  description = "Trigger the scenario once a night, keyed by the night's date"
  stack {
    function.run "trigger_make_scenario" {
      input = {
        scenario_name: "xano-nightly-sync"
        payload: { event: "nightly_sync" }
      }
    } as $result
  }
  response = $result
  schedule = [{starts_on: 2026-01-01 00:00:00+0000, freq: 86400}]
  retry = {max_retries: 2, delay: 300}
}
