function "main" {
  stack {
    function.run "dobule" { input = {} } as $r
  }
  response = $r
}

function "double" {
  stack {
  }
  response = 2
}
