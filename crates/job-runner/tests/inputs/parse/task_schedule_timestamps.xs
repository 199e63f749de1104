// Xano's timestamp literal is one value: epoch milliseconds.
task "nightly" {
  stack {
    var $soon { value = 2026-01-01 00:00:00+0000 + 1000 }
  }
  schedule = [
    {starts_on: 2026-01-01 00:00:00+0000, freq: 86400, ends_on: 2026-12-31 23:59:59-0500},
    {starts_on: 2026-01-01T21:00:00Z, freq: 86400}
  ]
}
