// add, subtract, multiply, divide and modulus as filters keep int vs decimal.
function "main" {
  stack {
  }
  response = { add: 2|add:3, subtract: 2|subtract:0.5, multiply: 3|multiply:4, divide: 7|divide:2, divide_exact: 8|divide:2, modulus: 7|modulus:3 }
}
