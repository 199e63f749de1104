function "main" {
  stack {
  }
  response = {
    int_sum: 1 + 2,
    mixed: 1 + 1.5,
    exact_div: 4 / 2,
    inexact_div: 5 / 2,
    rem: 7 % 3,
    neg: -5 - 2,
    mul: 3 * 0.5,
    precedence: 2 + 3 * 4,
    parens: (2 + 3) * 4
  }
}
