function "f" {
  stack {
    switch ($x) {
      case ("a") {
        var $m { value = 1 }
      } break
      case ("b") {
        var $m { value = 2 }
      }
      break
      default {
        var $m { value = 3 }
      }
    }
  }
}
