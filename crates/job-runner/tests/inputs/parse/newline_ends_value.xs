function "f" {
  stack {
    var $a {
      value = $b
      description = "next attribute on the next line"
    }
  }
  response = $a
  other = 1
}
