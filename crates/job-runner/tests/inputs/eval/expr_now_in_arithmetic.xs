// now is epoch milliseconds, so it takes arithmetic and timestamp filters.
function "main" {
  stack {
  }
  response = { later: now + 1000, year: now|timestamp_year }
}
