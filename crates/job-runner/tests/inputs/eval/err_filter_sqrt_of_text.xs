// A math filter on text that is not a number is an error.
function "main" {
  stack {
  }
  response = "abc"|sqrt
}
