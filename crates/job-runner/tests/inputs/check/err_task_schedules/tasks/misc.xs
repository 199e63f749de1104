task "needs_input" {
  input {
    int customer_id
  }
  stack {
    function.run "g" as $x
    debug.log { value = $env.api_kee }
  }
  schedule = [{freq: 60}]
  retry = {max_retries: -1}
  when = "daily"
}

task "needs_input" {
  stack {}
  schedule = "daily"
}

function "stray" {
  stack {}
}
