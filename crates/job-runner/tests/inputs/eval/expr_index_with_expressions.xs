// An index can be any expression: arithmetic, a filter, a variable.
function "main" {
  stack {
    var $list { value = ["a", "b", "c"] }
    var $i { value = 0 }
    var $obj { value = { name: "n" } }
    var $k { value = "name" }
  }
  response = { next: $list[$i + 1], last: $list[($list|count) - 1], key: $obj[$k] }
}
