// * / % bind tighter than + -, which bind tighter than comparisons, then && (~ is written with parentheses: the reference leaves its precedence open).
function "main" {
  stack {
  }
  response = { a: 1 + 2 * 3, b: (1 + 2) * 3, c: 10 - 4 - 3, d: 2 * 3 % 4, e: "n" ~ (1 + 2), f: 1 + 2 > 2 && 1 < 2 }
}
