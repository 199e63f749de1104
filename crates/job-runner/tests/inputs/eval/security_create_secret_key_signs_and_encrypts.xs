// security.create_secret_key gives an `oct` JWK that the jws and jwe
// statements take as their key: what is signed or sealed with it comes back.
function "main" {
  stack {
    security.create_secret_key { bits = 256 format = "object" } as $key
    security.jws_encode {
      claims = { sub: "user-1" }
      key = $key
      signature_algorithm = "HS256"
    } as $signed
    security.jws_decode {
      token = $signed
      key = $key
      signature_algorithm = "HS256"
    } as $claims
    security.jwe_encode {
      claims = { data: "secret" }
      key = $key
      key_algorithm = "A256KW"
      content_algorithm = "A256GCM"
    } as $sealed
    security.jwe_decode {
      token = $sealed
      key = $key
      key_algorithm = "A256KW"
      content_algorithm = "A256GCM"
    } as $opened
    security.create_secret_key { bits = 128 } as $small
  }
  response = {
    kty: $key.kty,
    key_bytes: ($key.k|base64_decode_urlsafe)|strlen,
    small_key_bytes: ($small.k|base64_decode_urlsafe)|strlen,
    sub: $claims.sub,
    data: $opened.data
  }
}
