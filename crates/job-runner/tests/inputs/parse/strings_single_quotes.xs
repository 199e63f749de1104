function "f" {
  stack {
    var $s { value = 'it\'s' }
    var $t { value = 'say "hi"' }
    var $multi { value = "line one
line two" }
  }
}
