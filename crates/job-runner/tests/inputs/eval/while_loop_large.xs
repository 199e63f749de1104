function "main" {
  stack {
    var $i { value = 0 }
    var $sum { value = 0 }
    while ($i < 100000) {
      each {
        var.update $i { value = $i + 1 }
        math.add $sum { value = $i }
      }
    }
  }
  response = $sum
}
