// Decimals are binary floats: 0.1 + 0.2 is not exactly 0.3.
function "main" {
  stack {
  }
  response = { sum: 0.1 + 0.2, equal: 0.1 + 0.2 == 0.3, rounded: (0.1 + 0.2)|round:2 }
}
