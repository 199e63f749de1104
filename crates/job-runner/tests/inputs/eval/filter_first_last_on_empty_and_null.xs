// first and last of an empty array or null are null.
function "main" {
  stack {
  }
  response = { first: []|first, last: []|last, null_first: null|first }
}
