// Every literal below is one every run would refuse.
function "values" {
  input {
  }
  stack {
    api.request {
      url = $env.api_url
      method = "POST"
      timeout = 0
      verify_host = "yes"
    } as $answer
    make.trigger_scenario {
      webhook_url = $env.api_url
      scenario_name = "nightly"
      payload = {}
      chunk_size = 2.5
    } as $sent
    util.sleep { value = -1 }
    security.random_number { min = 10 max = 1 } as $n
    precondition ($n > 0) {
      error_type = "notfund"
      error = "nothing"
    }
    conditional {
      if ($n > 5) {
        db.query "note" {
          sort = { body: "descending" }
          return = { type: "lists", paging: { page: 0, per_page: 10, totals: "yes" } }
        } as $notes
        db.direct_query {
          sql = "SELECT 1"
          response_type = "singel"
        } as $one
        for (-3) {
          each as $i {
            db.truncate "note" { reset = 1 }
          }
        }
      }
    }
  }
  response = $notes
}
