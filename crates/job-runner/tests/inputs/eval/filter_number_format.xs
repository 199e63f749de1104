// number_format: decimals, decimal point and thousands separator.
function "main" {
  stack {
  }
  response = { default: 1234567.891|number_format, two: 1234567.891|number_format:2, european: 1234567.891|number_format:2:",":"." }
}
