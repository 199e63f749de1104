function "main" {
  stack {
    var $count { value = 0 }
    foreach (null) {
      each as $x {
        math.add $count { value = 1 }
      }
    }
  }
  response = $count
}
