// limits: {"max_loop_iterations": 1000}
function "main" {
  stack {
    while (true) {
      each {
        var $x { value = 1 }
      }
    }
  }
}
