// return in a called function ends only that function.
function "main" {
  stack {
    function.run "early" as $r
    var $after { value = "caller continued" }
  }
  response = { got: $r, after: $after }
}

function "early" {
  stack {
    return {
      value = "from callee"
    }
    var $never { value = 1 }
  }
  response = "not reached"
}
