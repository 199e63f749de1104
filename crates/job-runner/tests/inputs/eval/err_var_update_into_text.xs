function "main" {
  stack {
    var $name { value = "ann" }
    var.update $name.first { value = "x" }
  }
  response = $name
}
