function "main" {
  stack {
    var $total { value = 5 }
    var $doubled { value = $totl * 2 }
  }
  response = $doubled
}
