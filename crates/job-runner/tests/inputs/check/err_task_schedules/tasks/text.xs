task "text_timestamp" {
  stack {}
  schedule = [{starts_on: "tomorrow", freq: 60}]
  retry = {max_retries: 1, dealy: 5}
}

task "scheduled_with_required_input" {
  input {
    int customer_id
    text note?
  }
  stack {}
  schedule = [{starts_on: 2026-01-01 00:00:00+0000, freq: 3600}]
}
