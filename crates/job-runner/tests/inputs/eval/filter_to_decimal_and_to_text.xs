// to_decimal and to_text between numbers and text.
function "main" {
  stack {
  }
  response = { dec: "2.50"|to_decimal, from_int: 3|to_decimal, text: 2.50|to_text, whole: 2.0|to_text, bool: false|to_text }
}
