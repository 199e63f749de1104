// is_* filters tell a value's type: int and decimal apart, text, bool, null.
function "main" {
  stack {
  }
  response = { int: [1|is_int, 1.0|is_int], decimal: [1.5|is_decimal, 1|is_decimal], bool: [false|is_bool, 0|is_bool], text: ["a"|is_text, 1|is_text], null: [null|is_null, ""|is_null], array: [[]|is_array, {}|is_array], object: [{}|is_object, []|is_object] }
}
