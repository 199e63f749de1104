function "f" {
  stack {
    foreach ($items) {
      each as $item, $index {
        debug.log { value = $index }
      }
    }
  }
}
