function "build_report" {
  input {
    text period?="day"
  }
  stack {
    var $report { value = { period: $input.period, at: now } }
  }
  response = $report
}
