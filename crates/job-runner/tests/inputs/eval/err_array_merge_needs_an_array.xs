// array.merge takes an array as `value`; a single value is an error (use array.push).
function "main" {
  stack {
    var $list { value = [1] }
    array.merge $list { value = 2 }
  }
  response = $list
}
