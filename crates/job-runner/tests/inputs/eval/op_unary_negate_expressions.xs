// Unary minus on a parenthesised expression, twice, and on a decimal.
function "main" {
  stack {
    var $x { value = 4 }
  }
  response = { group: -($x + 1), twice: - -3, decimal: -2.5, var: -$x }
}
