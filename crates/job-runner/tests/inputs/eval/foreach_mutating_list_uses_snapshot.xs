function "main" {
  stack {
    var $list { value = [1, 2, 3] }
    foreach ($list) {
      each as $n {
        array.push $list { value = $n * 10 }
      }
    }
  }
  response = $list
}
