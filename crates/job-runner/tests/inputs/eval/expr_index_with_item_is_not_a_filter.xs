// A bracket that is not a condition still indexes, even when it reads `$$`.
function "main" {
  stack {
    var $names { value = { a: "ann", b: "bob" } }
    var $keys { value = ["b", "a"] }
  }
  response = $keys|map:$names[$$]
}
