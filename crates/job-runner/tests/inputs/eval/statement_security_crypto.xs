// The security.* statements that are pure computation run the filter of
// the same name: encrypt/decrypt, jws and jwe, attributes as the reference
// names them.
function "main" {
  stack {
    security.encrypt {
      data = "hello"
      algorithm = "aes-192-cbc"
      key = "1494AX6XJUsDe51kF9S9sA=="
      iv = "27222b6032574bad"
    } as $sealed
    security.decrypt {
      data = $sealed
      algorithm = "aes-192-cbc"
      key = "1494AX6XJUsDe51kF9S9sA=="
      iv = "27222b6032574bad"
    } as $opened
    security.jws_encode {
      headers = { typ: "JWT" }
      claims = { user_id: "123" }
      key = "a-string-secret-at-least-256-bits-long"
      signature_algorithm = "HS256"
      ttl = 3600
    } as $signed
    security.jws_decode {
      token = $signed
      key = "a-string-secret-at-least-256-bits-long"
      check_claims = { user_id: "123" }
      signature_algorithm = "HS256"
      timeDrift = 0
    } as $verified
    security.jwe_encode {
      headers = {}
      claims = { data: "secret" }
      key = "0123456789abcdef0123456789abcdef"
      key_algorithm = "A256KW"
      content_algorithm = "A256GCM"
      ttl = 0
    } as $encrypted
    security.jwe_decode {
      token = $encrypted
      key = "0123456789abcdef0123456789abcdef"
      key_algorithm = "A256KW"
      content_algorithm = "A256GCM"
    } as $decrypted
  }
  response = {
    sealed: $sealed|base64_encode,
    opened: $opened,
    verified: $verified,
    decrypted: $decrypted
  }
}
