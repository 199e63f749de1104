// `$items|count > 0` is an error for `check` (Xano rejects it) but runs as
// `($items|count) > 0`.
function "main" {
  stack {
    var $items { value = [1, 2] }
  }
  response = $items|count > 1
}
