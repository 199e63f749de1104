// The well-known digests of empty text.
function "main" {
  stack {
  }
  response = { md5: ""|md5, sha1: ""|sha1, sha256: ""|sha256 }
}
