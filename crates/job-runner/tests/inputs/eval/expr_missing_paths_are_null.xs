// Reading past the end of an array or a missing key gives null, not an error.
function "main" {
  stack {
    var $list { value = [1, 2] }
    var $obj { value = { n: 5 } }
  }
  response = { far: $list[10], deep: $obj.a.b.c, through_scalar: $obj.n.x }
}
