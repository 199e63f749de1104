function "main" {
  stack {
    function.run "forever" { input = { n: 0 } } as $r
  }
  response = $r
}

function "forever" {
  input {
    int n
  }
  stack {
    function.run "forever" { input = { n: $input.n + 1 } } as $r
  }
  response = $r
}
