task "every_zero_seconds" {
  stack {}
  schedule = [{starts_on: 2026-01-01 00:00:00+0000, freq: 0}]
}

task "backwards" {
  stack {}
  schedule = [{starts_on: 2026-06-01 00:00:00+0000, freq: 3600, ends_on: 2026-01-01 00:00:00+0000}]
}

task "epoch_number" {
  stack {}
  schedule = [{starts_on: 1767225600, freq: 60.5, every: 3}]
}
