// An error thrown in a called function ends the caller when not caught.
function "main" {
  stack {
    function.run "inner" as $r
  }
  response = $r
}

function "inner" {
  stack {
    throw {
      name = "InnerError"
      value = "inner failed"
    }
  }
  response = 1
}
