// jws_encode/jws_decode with HMAC: the reference's example (its headers
// object, its key, a bare HS256), decoded back to "hello"; a token made by
// another JOSE library; claims checked; a ttl becomes `iat` and `exp`.
function "main" {
  stack {
    var $key { value = "a-string-secret-at-least-256-bits-long" }
    var $token {
      value = "hello"|jws_encode:{sub: "1234567890",name: "John Doe",admin: true,iat: 1516239022}:$key:HS256
    }
    var $other {
      value = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsInJvbGUiOiJhZG1pbiJ9.F-9U4hILcVSlkL-IFTg3Xn5tacOvLaDRXWqe2QsnDAOfg-UWTuZd55Hs_NT3Jfc07hwceWa0JgwU4R5W4sjCuA"
    }
    var $timed {
      value = {sub: "7"}|jws_encode:{}:$key:"HS384":60
    }
  }
  response = {
    token: $token,
    back: $token|jws_decode:{}:$key:HS256,
    from_elsewhere: "eyJhbGciOiJIUzI1NiJ9.ImhlbGxvIg.M04DWt8vKDi9wbBi1MSTjlCkDJXIOVPouxV3dJybRoo"|jws_decode:{}:$key:"HS256",
    claims: $other|jws_decode:{role: "admin"}:"0123456789abcdef0123456789abcdef":"HS512",
    timed: $timed|jws_decode:{}:$key:"HS384",
    jwk_key: "x"|jws_encode:{}:{kty: "oct", k: "c2VjcmV0"}:"HS256"|jws_decode:{}:"secret":"HS256"
  }
}
