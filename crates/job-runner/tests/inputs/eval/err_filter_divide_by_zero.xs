// The divide filter by zero is an error, as / is.
function "main" {
  stack {
  }
  response = 1|divide:0
}
