// Filter results are arrays: unwrap one with `|first`, and a miss gives `[]`, then null.
function "main" {
  stack {
    var $stores { value = [{ id: 1, category: "retail" }, { id: 2, category: "online" }] }
  }
  response = {
    category: ($stores[$$.id == 2]|first).category
    none: $stores[$$.id == 9]
    missing: ($stores[$$.id == 9]|first).category ?? "unknown"
  }
}
