function "main" {
  stack {
    function.run "double" {
      input = { n: "21" }
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
