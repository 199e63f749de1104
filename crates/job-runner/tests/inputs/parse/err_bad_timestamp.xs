task "nightly" {
  stack {}
  schedule = [{starts_on: 2026-02-30 00:00:00+0000, freq: 86400}]
}
