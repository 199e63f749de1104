// math.div follows /: 5 / 2 gives 2.5; math.mul on a decimal stays decimal.
function "main" {
  stack {
    var $a { value = 5 }
    math.div $a { value = 2 }
    var $b { value = 1.5 }
    math.mul $b { value = 2 }
  }
  response = { half: $a, scaled: $b }
}
