function "main" {
  stack {
    function.run "double" {
      input = { n: "lots" }
    } as $r
  }
  response = $r
}

function "double" {
  input {
    int n
  }
  stack {
  }
  response = $input.n * 2
}
