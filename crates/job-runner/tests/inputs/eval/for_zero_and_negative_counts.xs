// for (0) and for (-2) run no iteration.
function "main" {
  stack {
    var $n { value = 0 }
    for (0) {
      each as $i {
        math.add $n { value = 1 }
      }
    }
    for (-2) {
      each as $i {
        math.add $n { value = 1 }
      }
    }
  }
  response = $n
}
