// json_decode gives ints, decimals, booleans, null, arrays and objects.
function "main" {
  stack {
  }
  response = '{"i": 1, "d": 1.5, "b": false, "n": null, "a": [1, "x"], "o": {"k": 2}}'|json_decode
}
