function "main" {
  stack {
    var $x { value = "outer" }
    function.run "inner" { input = {} } as $r
  }
  response = { x: $x, inner: $r }
}

function "inner" {
  stack {
    var $x { value = "inner" }
  }
  response = $x
}
