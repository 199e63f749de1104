function "main" {
  stack {
    var $x { value = [] }
    array.pop $x as $last
  }
  response = { last: $last, list: $x }
}
