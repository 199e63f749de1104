// The reference's jwe_encode example gives A256KW a 38-byte key: AES key
// wrap takes exactly 32 bytes, so it is refused with the size it needs
// (the key itself is not shown).
function "main" {
  stack {
  }
  response = "hello"|jwe_encode:{sub: "1234567890",name: "John Doe",admin: true,iat: 1516239022}:"a-string-secret-at-least-256-bits-long":"A256KW":"A256CBC-HS512"
}
