// shuffle reorders but keeps every item, so the sorted result is unchanged.
function "main" {
  stack {
  }
  response = [3, 1, 2]|shuffle|sort
}
