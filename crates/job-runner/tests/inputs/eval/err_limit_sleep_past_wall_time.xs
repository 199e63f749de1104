// Sleeping past the wall-time limit is refused before it starts.
function "main" {
  stack {
    util.sleep { value = 3600 }
  }
  response = 1
}
