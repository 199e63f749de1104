function "main" {
  stack {
    foreach ("abc") {
      each as $c {
        var $x { value = $c }
      }
    }
  }
}
