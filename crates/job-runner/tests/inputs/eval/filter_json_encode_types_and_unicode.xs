// json_encode keeps int vs decimal, null, booleans, nesting and non-ASCII text.
function "main" {
  stack {
  }
  response = { a: [1, 2.5, null, true], "é": "ü/", empty: {}, list: [] }|json_encode
}
