// limits: {"max_steps": 500}
function "main" {
  stack {
    var $i { value = 0 }
    for (1000) {
      each as $n {
        math.add $i { value = 1 }
      }
    }
  }
  response = $i
}
