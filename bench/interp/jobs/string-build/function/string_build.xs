// Appends one letter per step (a newline every 100th), then counts vowels.
function "string_build" {
  input {
    int length
  }
  stack {
    var $alphabet { value = "abcdefghijklmnopqrstuvwxyz" }
    var $text { value = "" }
    var $i { value = 0 }
    while ($i < $input.length) {
      each {
        conditional {
          if ($i % 100 == 99) {
            var.update $text { value = $text ~ "\n" }
          }
          else {
            var.update $text { value = $text ~ ($alphabet|substr:($i % 26):1) }
          }
        }
        var.update $i { value = $i + 1 }
      }
    }
    var $vowels { value = 0 }
    foreach ($text|split:"") {
      each as $ch {
        conditional {
          if ("aeiou"|contains:$ch) {
            var.update $vowels { value = $vowels + 1 }
          }
        }
      }
    }
  }
  response = { length: $text|strlen, vowels: $vowels, tail: $text|substr:-10 }
}
