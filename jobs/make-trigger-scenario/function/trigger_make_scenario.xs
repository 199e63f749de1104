// Sends one trigger to Make and responds with what Make's answer means.
function "trigger_make_scenario" {
  description = "POST a JSON payload to a Make.com scenario's webhook and report Make's answer"

  input {
    // Required text rejects blank values (after trimming) before the stack runs.
    text scenario_name filters=trim {
      description = "Identifier of the scenario, sent to Make as `scenario_name`"
    }
    object payload {
      description = "The data the scenario receives, sent to Make as `data` (a JSON object)"
    }
  }

  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = $input.scenario_name
      payload = $input.payload
      // Reports shaped like make-core's, used only by the tests below.
      mock = {
        "reports success when Make accepts": {
          status: "success"
          message: "Scenario triggered successfully"
          scenario_name: "xano-data-sync"
          http_status: 200
          response_body: "Accepted"
          attempts: 1
        }
        "reports rate_limited when Make answers 429": {
          status: "rate_limited"
          message: "Make rate limited this webhook (429): it accepts at most 300 requests per 10 s per webhook; wait and try again, or send fewer triggers at once"
          scenario_name: "xano-data-sync"
          http_status: 429
          response_body: "Too many requests"
          attempts: 4
        }
        "reports an error when no scenario listens (410)": {
          status: "error"
          message: "No scenario is listening for this webhook: the scenario is off, unsaved, or the webhook was deleted (Make answered 410 `There is no scenario listening for this webhook.`); open the scenario in Make, save it and switch it on"
          scenario_name: "xano-data-sync"
          http_status: 410
          response_body: "There is no scenario listening for this webhook."
          attempts: 1
        }
      }
    } as $result

    debug.log {
      value = "Make answered " ~ $result.http_status ~ ": " ~ $result.status
    }
  }

  response = $result

  test "reports success when Make accepts" {
    input = { scenario_name: "xano-data-sync", payload: { event: "user_signup", user_id: 12345 } }
    expect.to_equal ($response.status) { value = "success" }
    expect.to_equal ($response.http_status) { value = 200 }
    expect.to_equal ($response.response_body) { value = "Accepted" }
    expect.to_start_with ($response.message) { value = "Scenario triggered" }
  }

  test "reports rate_limited when Make answers 429" {
    input = { scenario_name: "xano-data-sync", payload: { event: "user_signup" } }
    expect.to_equal ($response.status) { value = "rate_limited" }
    expect.to_equal ($response.http_status) { value = 429 }
    expect.to_contain ($response.message) { value = "rate limited" }
    expect.to_be_greater_than ($response.attempts) { value = 1 }
  }

  test "reports an error when no scenario listens (410)" {
    input = { scenario_name: "xano-data-sync", payload: { event: "user_signup" } }
    expect.to_equal ($response.status) { value = "error" }
    expect.to_equal ($response.http_status) { value = 410 }
    expect.to_match ($response.message) { value = "^No scenario is listening" }
  }

  test "rejects a blank scenario name before triggering" {
    input = { scenario_name: "   ", payload: { event: "user_signup" } }
    expect.to_throw { value = "inputerror" }
  }
}
