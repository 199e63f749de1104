// Counts to the number of iterations, one var.update per step.
function "loop_1m" {
  input {
    int iterations
  }
  stack {
    var $i { value = 0 }
    while ($i < $input.iterations) {
      each {
        var.update $i { value = $i + 1 }
      }
    }
  }
  response = $i
}
