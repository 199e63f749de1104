function "main" {
  stack {
    var $squares { value = [] }
    for (5) {
      each as $i {
        array.push $squares { value = $i * $i }
      }
    }
  }
  response = $squares
}
