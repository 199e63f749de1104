// Inside a `map`, a `[condition]` binds its own `$$`: here each group's item.
function "main" {
  stack {
    var $groups { value = [{ items: [1, 5, 2] }, { items: [7, 0] }] }
  }
  response = $groups|map:$$.items[$$ > 1]
}
