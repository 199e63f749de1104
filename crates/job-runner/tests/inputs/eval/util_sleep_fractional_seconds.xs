// util.sleep takes seconds, fractions included.
function "main" {
  stack {
    util.sleep { value = 0.25 }
  }
  response = "slept"
}
