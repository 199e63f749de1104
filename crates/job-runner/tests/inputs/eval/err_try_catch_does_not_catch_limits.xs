// limits: {"max_loop_iterations": 50}
function "main" {
  stack {
    try_catch {
      try {
        while (true) {
          each {
            var $x { value = 1 }
          }
        }
      }
      catch {
        var $caught { value = true }
      }
    }
  }
  response = "should not get here"
}
