// filter sees $index: keep even positions.
function "main" {
  stack {
  }
  response = ["a", "b", "c", "d", "e"]|filter:$index % 2 == 0
}
