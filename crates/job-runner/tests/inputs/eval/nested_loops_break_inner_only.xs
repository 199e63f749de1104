function "main" {
  stack {
    var $pairs { value = [] }
    for (3) {
      each as $i {
        for (3) {
          each as $j {
            conditional {
              if ($j > $i) {
                break
              }
            }
            array.push $pairs { value = $i ~ $j }
          }
        }
      }
    }
  }
  response = $pairs
}
