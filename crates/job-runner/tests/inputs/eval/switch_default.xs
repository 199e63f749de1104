function "main" {
  stack {
    switch (42) {
      case (1) {
        var $m { value = "one" }
      } break
      default {
        var $m { value = "other" }
      }
    }
  }
  response = $m
}
