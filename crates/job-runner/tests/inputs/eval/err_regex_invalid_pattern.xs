// An invalid pattern is an error that shows the pattern.
function "main" {
  stack {
  }
  response = "/([a-/"|regex_matches:"a"
}
