function "main" {
  stack {
    var $t { value = null }
    text.append $t { value = 42 }
    text.prepend $t { value = "#" }
  }
  response = $t
}
