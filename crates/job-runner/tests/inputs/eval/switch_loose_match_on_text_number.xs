// case compares loosely: case ("2") matches 2.
function "main" {
  stack {
    var $hit { value = "none" }
    switch (2) {
      case ("2") {
        var.update $hit { value = "text two" }
      } break
      default {
        var.update $hit { value = "default" }
      }
    }
  }
  response = $hit
}
