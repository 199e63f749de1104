// base64 encodes UTF-8 bytes; the URL-safe form uses - and _ without padding.
function "main" {
  stack {
  }
  response = { unicode: "héllo ✓"|base64_encode, back: "aMOpbGxvIOKckw=="|base64_decode, safe: "??>>"|base64_encode_urlsafe, plain: "??>>"|base64_encode, safe_back: "Pz8-Pg"|base64_decode_urlsafe }
}
