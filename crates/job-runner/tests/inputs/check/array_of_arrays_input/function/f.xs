// An array of arrays for `object[]` (without a schema) or `json` is accepted,
// as Xano's validator accepts it.
function "f" {
  input {
    object[] rows
    json any
  }
  stack {
  }
  response = $input.rows
}
