// `a..b` is an inclusive integer range; it counts down when `b` is smaller.
function "main" {
  stack {
    var $n { value = 4 }
  }
  response = { up: 1..5, down: 3..-1, one: 7..7, to_n: 0..$n - 1, total: 1..10|sum }
}
