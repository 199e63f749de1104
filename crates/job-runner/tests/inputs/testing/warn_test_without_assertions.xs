// A test with no assertion only checks the function runs: a warning says so.
function "f" {
  stack {
    var $x { value = 1 }
  }
  response = $x

  test "runs" {
    input = {}
  }
}
