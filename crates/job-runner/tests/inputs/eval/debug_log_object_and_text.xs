// debug.log records any value with its location.
function "main" {
  stack {
    debug.log { value = { a: [1, 2] } }
    debug.log { value = "done" }
  }
  response = null
}
