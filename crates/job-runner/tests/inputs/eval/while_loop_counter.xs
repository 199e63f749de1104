function "main" {
  stack {
    var $i { value = 0 }
    while ($i < 10) {
      each {
        var.update $i { value = $i + 1 }
      }
    }
  }
  response = $i
}
