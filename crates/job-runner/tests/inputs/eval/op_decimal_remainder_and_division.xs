function "main" {
  stack {
  }
  response = {
    rem_decimal: 7.5 % 2,
    rem_negative: -7 % 3,
    div_decimal: 1.5 / 0.5,
    div_int_by_decimal: 3 / 2.0,
    text_number_add: "5" + 5,
    null_plus: null + 1
  }
}
