// Reads the rows changed after the scenario's high-water mark, oldest
// first, sends them in chunks, and records the new mark only when Make
// accepted them all. Responds with what was sent and the mark now stored.
function "sync_changed_rows" {
  description = "Send the customer rows changed since the last run to a Make scenario"

  input {
    text scenario_name filters=trim {
      description = "The scenario, sent to Make as `scenario_name`; each has its own mark"
    }
    int chunk_size?=100 filters=min:1 {
      description = "Most rows per trigger"
    }
    int max_rows?=1000 filters=min:1 {
      description = "Most rows one run sends; the rest go on the next run"
    }
  }

  stack {
    db.get "sync_state" {
      field_name = "scenario_name"
      field_value = $input.scenario_name
    } as $state

    var $high_water { value = $state.high_water ?? 0 }
    var $last_id { value = $state.last_id ?? 0 }

    db.query "customer" {
      where = $db.customer.updated_at > $high_water || ($db.customer.updated_at == $high_water && $db.customer.id > $last_id)
      sort = { updated_at: "asc", id: "asc" }
      return = { type: "list", paging: { page: 1, per_page: $input.max_rows } }
    } as $changed

    var $rows { value = $changed.items }
    var $sent { value = 0 }
    var $status { value = "success" }
    var $report { value = null }

    conditional {
      if (($rows|count) > 0) {
        make.trigger_scenario {
          webhook_url = $env.make_webhook_url
          scenario_name = $input.scenario_name
          payload = $rows
          chunk_size = $input.chunk_size
          mock = {
            "sends the changed rows and moves the mark": { status: "success", http_status: 200, attempts: 1 }
            "a refused trigger leaves the mark where it was": { status: "error", http_status: 410, attempts: 1 }
          }
        } as $report

        var.update $status { value = $report.status }

        conditional {
          if ($report.status == "success") {
            var $last { value = $rows|last }
            db.add_or_edit "sync_state" {
              field_name = "scenario_name"
              field_value = $input.scenario_name
              data = { high_water: $last.updated_at, last_id: $last.id, synced_at: now }
            }
            var.update $sent { value = $rows|count }
          }
        }
      }
    }

    db.get "sync_state" {
      field_name = "scenario_name"
      field_value = $input.scenario_name
    } as $stored

    debug.log {
      value = "sent " ~ $sent ~ " of " ~ ($rows|count) ~ " changed rows (" ~ $status ~ ")"
    }
  }

  response = {
    status: $status,
    sent: $sent,
    changed: $rows|count,
    more: $changed.nextPage != null,
    high_water: $stored.high_water ?? 0,
    last_id: $stored.last_id ?? 0,
    make: $report
  }

  test "sends the changed rows and moves the mark" {
    input = { scenario_name: "test-sync", chunk_size: 2 }
    expect.to_equal ($response.status) { value = "success" }
    expect.to_equal ($response.sent) { value = 3 }
    expect.to_equal ($response.high_water) { value = 1735776000000 }
    expect.to_equal ($response.last_id) { value = 3 }
  }

  test "a refused trigger leaves the mark where it was" {
    input = { scenario_name: "test-sync" }
    expect.to_equal ($response.status) { value = "error" }
    expect.to_equal ($response.sent) { value = 0 }
    expect.to_equal ($response.changed) { value = 3 }
    expect.to_equal ($response.high_water) { value = 0 }
  }

  test "a chunk size below one is refused" {
    input = { scenario_name: "test-sync", chunk_size: 0 }
    expect.to_throw { value = "inputerror" }
  }
}
