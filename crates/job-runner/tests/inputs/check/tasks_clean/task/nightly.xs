task "nightly_report" {
  description = "Build the day's report at midnight UTC, and again at 21:00"
  input {
    text period?="day"
  }
  stack {
    function.run "build_report" {
      input = { period: $input.period }
    } as $report
    debug.log { value = "report for " ~ $input.period ~ " to " ~ ($env.report_webhook_url|strlen) }
  }
  response = $report
  schedule = [
    {starts_on: 2026-01-01 00:00:00+0000, freq: 86400},
    {starts_on: 2026-01-01 21:00:00+0000, freq: 86400, ends_on: 2026-12-31 23:59:59+0000}
  ]
  retry = {max_retries: 2, delay: 30}
}
