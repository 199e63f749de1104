function "main" {
  stack {
    var $end { value = 2.5 }
  }
  response = 1..$end
}
