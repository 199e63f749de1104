function "main" {
  stack {
    var $out { value = [] }
    foreach (["a", "b", "c"]) {
      each as $letter, $i {
        array.push $out { value = $i ~ "=" ~ $letter }
      }
    }
  }
  response = $out
}
