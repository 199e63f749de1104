function "main" {
  stack {
    var $total { value = 1 }
    var.update $totl { value = 2 }
  }
  response = $total
}
