// bin2hex and hex2bin; sha512 and hmac_md5 of known inputs.
function "main" {
  stack {
  }
  response = { hex: "abc"|bin2hex, back: "616263"|hex2bin, sha512: "abc"|sha512, hmac_md5: "what do ya want for nothing?"|hmac_md5:"Jefe" }
}
