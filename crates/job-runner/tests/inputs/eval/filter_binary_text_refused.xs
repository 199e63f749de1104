// A text filter refuses binary text rather than work on its base64.
function "main" {
  stack {
  }
  response = "uZntWiCtcnw1l8rA6X7bbA=="|base64_decode|to_upper
}
