// `{ $key: v }` and `{ (expr): v }` use the value as the key; numbers become
// text; a quoted key starting with `$` stays literal.
function "main" {
  stack {
    var $key { value = "color" }
    var $prefix { value = "user" }
    var $item { value = { id: 7 } }
    var $counts { value = {} }
    foreach (["a", "b", "a"]) {
      each as $letter {
        var.update $counts { value = $counts|set:$letter:(($counts|get:$letter:0) + 1) }
      }
    }
  }
  response = {
    object: { $key: "red", ($prefix ~ "_id"): 1, "$type": "literal", $item.id: "seven", 2: "two" },
    counts: $counts
  }
}
