function "main" {
  stack {
    var $a { value = 10 }
    math.add $a { value = 5 }
    math.sub $a { value = 3 }
    math.mul $a { value = 2 }
    math.div $a { value = 4 }
  }
  response = $a
}
