// Doubles the list of subsets once per number, then counts the subsets whose
// sum is divisible by 7.
function "subsets" {
  input {
    int[] numbers
  }
  stack {
    var $subsets { value = [[]] }
    foreach ($input.numbers) {
      each as $n {
        var.update $subsets { value = $subsets|merge:($subsets|map:($$|append:$n)) }
      }
    }
    var $divisible { value = 0 }
    foreach ($subsets) {
      each as $s {
        var $total { value = 0 }
        foreach ($s) {
          each as $x {
            var.update $total { value = $total + $x }
          }
        }
        conditional {
          if ($total % 7 == 0) {
            var.update $divisible { value = $divisible + 1 }
          }
        }
      }
    }
  }
  response = { subsets: $subsets|count, sum_divisible_by_7: $divisible }
}
