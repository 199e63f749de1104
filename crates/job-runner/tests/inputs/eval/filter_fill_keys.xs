// fill_keys builds an object from keys and one value.
function "main" {
  stack {
  }
  response = ["a", "b"]|fill_keys:0
}
