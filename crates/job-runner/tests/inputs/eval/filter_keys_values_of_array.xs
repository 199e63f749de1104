// keys of an array are its indexes; values of an object its values.
function "main" {
  stack {
  }
  response = { keys: ["a", "b"]|keys, values: { x: 1, y: 2 }|values }
}
