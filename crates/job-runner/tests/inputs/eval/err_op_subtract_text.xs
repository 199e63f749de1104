// Arithmetic on text that is not a number is an error naming the value.
function "main" {
  stack {
  }
  response = "abc" - 1
}
