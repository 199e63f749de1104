// HMAC-SHA256 test case 2 of RFC 4231 (key "Jefe").
function "main" {
  stack {
  }
  response = "what do ya want for nothing?"|hmac_sha256:"Jefe"
}
