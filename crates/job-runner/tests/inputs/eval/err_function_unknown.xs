// An unknown function is reported before the run, with the closest one.
function "main" {
  stack {
  }
  response = math.ad(1, 2)
}
