function "main" {
  stack {
    var $x { value = 5 }
  }
  response = { neg: -$x, double_neg: -(-$x), dec: -2.5 }
}
