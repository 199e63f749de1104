// In a nested folder, with `tasks` as its sibling would be; no `freq`: runs once.
task "year_end" {
  stack {
    debug.log { value = "year end" }
  }
  schedule = [{starts_on: "2026-12-31 23:00:00+0000"}]
}
