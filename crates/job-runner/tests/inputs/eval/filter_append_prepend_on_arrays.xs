// append and prepend add one item at either end of an array.
function "main" {
  stack {
  }
  response = { appended: [1, 2]|append:3, prepended: [1, 2]|prepend:0, nested: [1]|append:[2] }
}
