// The algorithm is the caller's, never the token's: an HS256 token read as
// HS512 is refused before its signature is checked.
function "main" {
  stack {
  }
  response = "eyJhbGciOiJIUzI1NiJ9.ImhlbGxvIg.M04DWt8vKDi9wbBi1MSTjlCkDJXIOVPouxV3dJybRoo"|jws_decode:{}:"a-string-secret-at-least-256-bits-long":"HS512"
}
