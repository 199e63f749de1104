function "main" {
  stack {
    var $x { value = 5 }
    math.div $x { value = 2 }
    var $y { value = 1 }
    math.mul $y { value = 0.5 }
  }
  response = { x: $x, y: $y }
}
