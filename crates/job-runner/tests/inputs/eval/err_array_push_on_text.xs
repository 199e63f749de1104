function "main" {
  stack {
    var $x { value = "text" }
    array.push $x { value = 1 }
  }
  response = $x
}
