// A wrong key is an error that shows neither key nor data.
function "main" {
  stack {
    var $stored { value = "uZntWiCtcnw1l8rA6X7bbA==" }
  }
  response = $stored|base64_decode|decrypt:"aes-192-cbc":"not-the-key-at-all-xxxxx":"27222b6032574bad"
}
