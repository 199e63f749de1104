function "main" {
  stack {
  }
  response = {
    url_encode: "a b&c=d/é"|url_encode,
    url_decode: "a%20b%26c"|url_decode,
    base64: "hello"|base64_encode,
    base64_back: "aGVsbG8="|base64_decode,
    md5: "text"|md5,
    sha1: "text"|sha1,
    sha256: "text"|sha256,
    hmac: "msg"|hmac_sha256:"key"
  }
}
