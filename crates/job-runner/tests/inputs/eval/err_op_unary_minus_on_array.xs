// Negating an array is an error.
function "main" {
  stack {
    var $list { value = [1] }
  }
  response = -$list
}
