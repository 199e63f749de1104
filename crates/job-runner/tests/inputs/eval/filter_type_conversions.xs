function "main" {
  stack {
  }
  response = {
    to_int: "123"|to_int,
    to_int_decimal: 3.9|to_int,
    to_decimal: "1.5"|to_decimal,
    to_text_int: 123|to_text,
    to_text_decimal: 2.0|to_text,
    to_bool: "true"|to_bool,
    to_bool_false: "false"|to_bool,
    is_empty: []|is_empty,
    is_empty_zero: 0|is_empty,
    is_array: [1]|is_array,
    is_object: {}|is_object,
    is_int: 1|is_int,
    is_text: "a"|is_text,
    is_null: null|is_null
  }
}
