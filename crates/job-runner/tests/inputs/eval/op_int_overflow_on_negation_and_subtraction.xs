// Leaving the 64-bit range turns the result into a decimal instead of wrapping.
function "main" {
  stack {
    var $min { value = -9223372036854775807 - 1 }
  }
  response = { sub: $min - 1, neg: -$min, mul: $min * -1 }
}
