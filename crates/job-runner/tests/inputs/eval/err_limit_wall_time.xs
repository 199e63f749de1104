// limits: {"max_wall_time_secs": 0}
// A run past its wall-time limit stops with a limit error.
function "main" {
  stack {
    var $i { value = 0 }
    while ($i < 100000) {
      each {
        var.update $i { value = $i + 1 }
      }
    }
  }
  response = $i
}
