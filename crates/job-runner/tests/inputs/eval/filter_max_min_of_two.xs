// max and min compare the value with the argument.
function "main" {
  stack {
  }
  response = { max: 3|max:7, min: 3|min:7, mixed: 2.5|max:2 }
}
