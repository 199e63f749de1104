function "main" {
  stack {
    for (2) {
      each as $i {
        debug.log { value = "iteration " ~ $i }
      }
    }
  }
  response = null
}
