// Sends one trigger to Make and responds with what Make's answer means.
function "trigger_make_scenario" {
  description = "Trigger a Make.com scenario by POSTing the payload to its webhook"

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
    } as $result

    debug.log {
      value = "Make answered " ~ $result.http_status ~ ": " ~ $result.status
    }
  }

  response = $result
}
