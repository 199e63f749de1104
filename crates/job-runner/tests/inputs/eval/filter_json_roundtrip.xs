// Encoding then decoding gives the value back.
function "main" {
  stack {
    var $v { value = { a: [1, { b: null }], c: "x" } }
  }
  response = ($v|json_encode|json_decode) == $v
}
