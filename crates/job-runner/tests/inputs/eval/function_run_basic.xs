function "main" {
  stack {
    function.run "add" {
      input = { a: 2, b: 3 }
    } as $sum
  }
  response = $sum
}

function "add" {
  input {
    int a
    int b
  }
  stack {
    var $total { value = $input.a + $input.b }
  }
  response = $total
}
