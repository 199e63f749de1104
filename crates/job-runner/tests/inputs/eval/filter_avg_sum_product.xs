// sum, avg and product over an array; avg of [] is null.
function "main" {
  stack {
  }
  response = { sum: [1, 2, 3.5]|sum, avg: [1, 2, 3, 4]|avg, product: [2, 3, 4]|product, empty_avg: []|avg }
}
