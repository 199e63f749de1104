// base64_decode of text that is not base64 is an error.
function "main" {
  stack {
  }
  response = "***"|base64_decode
}
