function "main" {
  stack {
    var $encoded { value = { a: [1, 2.5, "x"], b: null }|json_encode }
  }
  response = { encoded: $encoded, decoded: $encoded|json_decode, roundtrip: ('{"n": 1}'|json_decode).n }
}
