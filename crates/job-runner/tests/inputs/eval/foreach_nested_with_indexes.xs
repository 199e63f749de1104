// Nested foreach loops each have their own item and index.
function "main" {
  stack {
    var $pairs { value = [] }
    foreach (["a", "b"]) {
      each as $outer, $i {
        foreach ([1, 2]) {
          each as $inner, $j {
            array.push $pairs { value = $outer ~ $i ~ $inner ~ $j }
          }
        }
      }
    }
  }
  response = $pairs
}
