function "main" {
  stack {
    var $t { value = now }
  }
  response = { now: $t, formatted: $t|format_timestamp:"Y-m-d H:i:s":"UTC" }
}
