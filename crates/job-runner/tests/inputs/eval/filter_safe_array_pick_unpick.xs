// safe_array wraps a non-array; pick and unpick keep or drop keys.
function "main" {
  stack {
  }
  response = { wrapped: 5|safe_array, kept: [1]|safe_array, null: null|safe_array, pick: { a: 1, b: 2, c: 3 }|pick:["a", "c"], unpick: { a: 1, b: 2, c: 3 }|unpick:["a"] }
}
