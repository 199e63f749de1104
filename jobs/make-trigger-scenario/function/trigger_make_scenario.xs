// Sends one trigger to Make and responds with what Make's answer means.
function "trigger_make_scenario" {
  description = "Trigger a Make.com scenario by POSTing the payload to its webhook"

  input {
    text scenario_name filters=trim {
      description = "Identifier of the scenario, sent to Make as `scenario_name`"
    }
    object payload {
      description = "The data the scenario receives, sent to Make as `data` (a JSON object)"
    }
  }

  stack {
    precondition (($input.scenario_name|strlen) > 0) {
      error_type = "inputerror"
      error = "scenario_name must not be blank: name the scenario you trigger, e.g. \"xano-data-sync\""
    }

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
