// 5/2 is a decimal, 4/2 stays an int, as in Xano.
function "main" {
  stack {
  }
  response = { inexact: 5 / 2, exact: 4 / 2, negative: -7 / 2, decimal: 5.0 / 2 }
}
