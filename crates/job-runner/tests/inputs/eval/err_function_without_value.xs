// A function needs the value it works on as its first argument.
function "main" {
  stack {
    var $x { value = math.add() }
  }
  response = $x
}
