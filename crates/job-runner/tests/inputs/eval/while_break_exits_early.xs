// break ends a while loop whose condition is still true.
function "main" {
  stack {
    var $i { value = 0 }
    while (true) {
      each {
        var.update $i { value = $i + 1 }
        conditional {
          if ($i >= 5) {
            break
          }
        }
      }
    }
  }
  response = $i
}
