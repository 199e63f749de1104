// encrypt/decrypt as PHP's openssl_encrypt with raw output: the
// reference's example, base64-encoded to show its bytes; round trips
// through base64 in CBC and GCM; binary text in JSON is base64.
function "main" {
  stack {
    var $key { value = "1494AX6XJUsDe51kF9S9sA==" }
    var $iv { value = "27222b6032574bad" }
    var $sealed {
      value = "hello"|encrypt:"aes-192-cbc":$key:$iv
    }
    var $stored { value = $sealed|base64_encode }
    var $gcm_key { value = "0123456789abcdef0123456789abcdef" }
    var $gcm {
      value = "a longer message, over one block"|encrypt:"aes-256-gcm":$gcm_key:"0123456789ab"|base64_encode
    }
  }
  response = {
    reference: $stored,
    bytes: $sealed|strlen,
    hex: $sealed|bin2hex,
    back: $stored|base64_decode|decrypt:"aes-192-cbc":$key:$iv,
    as_json: $sealed,
    gcm_back: $gcm|base64_decode|decrypt:"aes-256-gcm":$gcm_key:"0123456789ab",
    default_algorithm: "hi"|encrypt:null:"0123456789abcdef":"0123456789abcdef"|decrypt:"aes-128-cbc":"0123456789abcdef":"0123456789abcdef",
    raw_digest: "abc"|sha256:true|base64_encode
  }
}
