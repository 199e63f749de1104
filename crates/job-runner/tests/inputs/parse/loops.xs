function "f" {
  stack {
    foreach ($input.items) {
      each as $item {
        debug.log { value = $item.name }
        continue
      }
    }
    for (10) {
      each as $i {
        break
      }
    }
    while ($i < 3) {
      each {
        var.update $i { value = $i + 1 }
      }
    }
  }
}
