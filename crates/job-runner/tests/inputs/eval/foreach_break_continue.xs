function "main" {
  stack {
    var $kept { value = [] }
    foreach ([1, 2, 3, 4, 5, 6]) {
      each as $n {
        conditional {
          if ($n % 2 == 0) {
            continue
          }
        }
        conditional {
          if ($n > 4) {
            break
          }
        }
        array.push $kept { value = $n }
      }
    }
  }
  response = $kept
}
