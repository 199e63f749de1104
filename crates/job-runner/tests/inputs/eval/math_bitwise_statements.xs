// `math.bitwise.*` change the variable in place, on ints.
function "main" {
  stack {
    var $and { value = 7 }
    math.bitwise.and $and { value = 3 }
    var $or { value = 7 }
    math.bitwise.or $or { value = 9 }
    var $xor { value = 7 }
    math.bitwise.xor $xor { value = 9 }
    var $not { value = 8 }
    math.bitwise.not $not
    var $shifts { value = [1, -16] }
    math.bitwise.left_shift $shifts[0] { value = 4 }
    math.bitwise.right_shift $shifts[1] { value = 2 }
  }
  response = { and: $and, or: $or, xor: $xor, not: $not, shifts: $shifts }
}
