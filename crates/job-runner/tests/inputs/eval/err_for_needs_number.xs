function "main" {
  stack {
    for ("many") {
      each as $i {
        var $x { value = $i }
      }
    }
  }
}
