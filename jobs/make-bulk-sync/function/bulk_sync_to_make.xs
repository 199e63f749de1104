// Triggers the scenario once per chunk of records and responds with the
// report of every chunk sent (see `response_body`).
function "bulk_sync_to_make" {
  description = "Send an array of records to a Make.com scenario in chunks, one trigger per chunk"

  input {
    text scenario_name filters=trim {
      description = "Identifier of the scenario, sent to Make as `scenario_name`"
    }
    json records {
      description = "The records to send: a JSON array, split into chunks"
    }
    int chunk_size?=500 filters=min:1 {
      description = "Most records per trigger; each chunk also stays under Make's 5 MB"
    }
  }

  stack {
    precondition ($input.records|is_array) {
      error_type = "inputerror"
      error = "records must be a JSON array, such as [{\"id\": 1}, {\"id\": 2}]"
    }

    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = $input.scenario_name
      payload = $input.records
      chunk_size = $input.chunk_size
      // Reports shaped like make-core's, used only by the tests below.
      mock = {
        "reports every chunk when Make accepts them": {
          status: "success"
          message: "Scenario triggered successfully"
          scenario_name: "xano-bulk-sync"
          http_status: 200
          response_body: [
            { chunk: 1, records: 2, status: "success", http_status: 200, attempts: 1 }
            { chunk: 2, records: 1, status: "success", http_status: 200, attempts: 1 }
          ]
          attempts: 2
        }
      }
    } as $result

    debug.log {
      value = "Make answered " ~ $result.http_status ~ ": " ~ $result.status ~ " (" ~ ($result.response_body|count) ~ " chunks)"
    }
  }

  response = $result

  test "reports every chunk when Make accepts them" {
    input = { scenario_name: "xano-bulk-sync", records: [{ id: 1 }, { id: 2 }, { id: 3 }], chunk_size: 2 }
    expect.to_equal ($response.status) { value = "success" }
    expect.to_equal ($response.response_body|count) { value = 2 }
    expect.to_equal ($response.attempts) { value = 2 }
  }

  test "refuses records that are not an array" {
    input = { scenario_name: "xano-bulk-sync", records: { id: 1 } }
    expect.to_throw { value = "inputerror" }
  }
}
