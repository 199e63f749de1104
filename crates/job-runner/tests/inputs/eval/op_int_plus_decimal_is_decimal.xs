// Mixing int and decimal gives a decimal: 1 + 1.5 = 2.5, 2 * 1.5 = 3.0.
function "main" {
  stack {
  }
  response = { sum: 1 + 1.5, product: 2 * 1.5, difference: 3.5 - 1.5, ints: 2 + 3 }
}
