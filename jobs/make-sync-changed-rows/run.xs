// Sends the rows of `customer` changed since the last run to a Make
// scenario, in chunks, and moves the high-water mark in `sync_state` only
// after Make accepted every chunk: a run that fails sends the same rows again.
run.job "Sync Changed Rows to Make" {
  main = {
    name: "sync_changed_rows"
    input: {
      scenario_name: "xano-customer-sync"
      chunk_size: 100
      max_rows: 1000
    }
  }
  env = ["make_webhook_url"]
}
