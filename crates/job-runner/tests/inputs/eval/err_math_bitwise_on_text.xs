// Bitwise statements need ints.
function "main" {
  stack {
    var $flags { value = "abc" }
    math.bitwise.or $flags { value = 1 }
  }
  response = $flags
}
