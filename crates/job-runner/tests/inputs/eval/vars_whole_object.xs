function "main" {
  stack {
    var $a { value = 1 }
    var $b { value = "two" }
  }
  response = $var
}
