// pow of ints stays int; sqrt gives a decimal.
function "main" {
  stack {
  }
  response = { pow: 2|pow:10, pow_dec: 2|pow:0.5, sqrt: 16|sqrt, sqrt_dec: 2|sqrt }
}
