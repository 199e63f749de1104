task "hourly" {
  stack {}
  schedule = [{starts_on: 2026-01-01 09:00+0000, freq: 3600}]
}
