function "main" {
  stack {
    var $list { value = [2, 3] }
    array.push $list { value = 4 }
    array.unshift $list { value = 1 }
    array.merge $list { value = [5, 6] }
    array.pop $list as $last
    array.shift $list as $first
  }
  response = { list: $list, last: $last, first: $first }
}
