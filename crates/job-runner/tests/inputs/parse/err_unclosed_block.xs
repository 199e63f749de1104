function "f" {
  stack {
    var $x { value = 1 }

