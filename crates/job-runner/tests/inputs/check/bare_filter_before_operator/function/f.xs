// Xano's validator rejects a filter without arguments followed by an
// operator; `check` says so, with the parenthesised form as the fix.
function "f" {
  stack {
    var $items { value = [1, 2] }
    var $some { value = $items|count > 0 }
    var $label { value = $items|count ~ " items" }
    var $fine { value = ($items|count) > 0 }
    var $logical_is_left_alone { value = $items|is_empty || $fine }
  }
  response = [$some, $label, $fine]
}
