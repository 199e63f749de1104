function "main" {
  stack {
    group {
      stack {
        var $total { value = 4 }
      }
    }
    var $double { value = $total * 2 }
  }
  response = $double
}
