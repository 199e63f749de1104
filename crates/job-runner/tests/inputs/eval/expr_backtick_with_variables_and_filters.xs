// A backtick expression sees variables and filters.
function "main" {
  stack {
    var $x { value = [1, 2, 3] }
    var $y { value = `($x|count) * 10 + 1` }
  }
  response = $y
}
