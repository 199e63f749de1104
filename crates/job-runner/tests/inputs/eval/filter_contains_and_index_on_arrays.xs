// contains and index work on arrays as well as text.
function "main" {
  stack {
  }
  response = { has: [1, 2, 3]|contains:2, missing: [1, 2]|contains:5, text: "hello"|contains:"ell", index: ["a", "b"]|index:"b", not_found: "abc"|index:"z" }
}
