// url_encode escapes reserved characters and UTF-8 bytes; url_decode reverses it.
function "main" {
  stack {
  }
  response = { encoded: "a+b c/d?e=f&g~h_i.j-k"|url_encode, back: "a%2Bb%20c%C3%A9"|url_decode, plus: "a+b"|url_decode }
}
