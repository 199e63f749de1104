// Sends an array of records to a Make scenario, in chunks under Make's
// 5 MB payload limit; each chunk is one trigger with its own idempotency key.
run.job "Bulk Sync to Make" {
  main = {
    name: "bulk_sync_to_make"
    input: {
      scenario_name: "xano-bulk-sync"
      records: [
        { id: 1, email: "ana@example.com", plan: "premium" }
        { id: 2, email: "bo@example.com", plan: "free" }
        { id: 3, email: "cleo@example.com", plan: "team" }
      ]
      chunk_size: 2
    }
  }
  env = ["make_webhook_url"]
}
