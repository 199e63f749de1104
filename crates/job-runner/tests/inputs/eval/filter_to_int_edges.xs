// to_int: leading digits of text, decimals truncated, booleans and null.
function "main" {
  stack {
  }
  response = { prefix: "12abc"|to_int, decimal_text: "3.9"|to_int, decimal: -3.9|to_int, yes: true|to_int, nothing: null|to_int, junk: "abc"|to_int }
}
