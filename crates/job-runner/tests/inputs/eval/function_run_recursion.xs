function "main" {
  stack {
    function.run "fib" { input = { n: 15 } } as $r
  }
  response = $r
}

function "fib" {
  input {
    int n
  }
  stack {
    conditional {
      if ($input.n < 2) {
        return { value = $input.n }
      }
    }
    function.run "fib" { input = { n: $input.n - 1 } } as $a
    function.run "fib" { input = { n: $input.n - 2 } } as $b
  }
  response = $a + $b
}
