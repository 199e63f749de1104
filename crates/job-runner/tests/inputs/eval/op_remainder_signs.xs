// % keeps the dividend's sign: 7 % 3 = 1, -7 % 3 = -1, 7 % -3 = 1.
function "main" {
  stack {
  }
  response = { a: 7 % 3, b: -7 % 3, c: 7 % -3, d: 6 % 3 }
}
