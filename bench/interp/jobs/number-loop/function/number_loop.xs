// For each n in 1..limit: the steps of its Collatz sequence down to 1, and
// whether it is prime by trial division.
function "number_loop" {
  input {
    int limit
  }
  stack {
    var $steps_total { value = 0 }
    var $primes { value = 0 }
    var $n { value = 1 }
    while ($n <= $input.limit) {
      each {
        var $x { value = $n }
        var $steps { value = 0 }
        while ($x != 1) {
          each {
            conditional {
              if ($x % 2 == 0) {
                var.update $x { value = ($x / 2)|floor }
              }
              else {
                var.update $x { value = 3 * $x + 1 }
              }
            }
            var.update $steps { value = $steps + 1 }
          }
        }
        var.update $steps_total { value = $steps_total + $steps }
        conditional {
          if ($n >= 2) {
            var $d { value = 2 }
            var $prime { value = true }
            while ($d * $d <= $n) {
              each {
                conditional {
                  if ($n % $d == 0) {
                    var.update $prime { value = false }
                    break
                  }
                }
                var.update $d { value = $d + 1 }
              }
            }
            conditional {
              if ($prime) {
                var.update $primes { value = $primes + 1 }
              }
            }
          }
        }
        var.update $n { value = $n + 1 }
      }
    }
  }
  response = { collatz_steps: $steps_total, primes: $primes }
}
