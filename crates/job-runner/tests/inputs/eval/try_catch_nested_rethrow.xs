// An error rethrown from an inner catch is caught by the outer try_catch.
function "main" {
  stack {
    var $seen { value = [] }
    try_catch {
      try {
        try_catch {
          try {
            throw {
              name = "First"
              value = "one"
            }
          }
          catch {
            array.push $seen { value = "inner " ~ $error.message }
            throw {
              name = "Second"
              value = "two"
            }
          }
        }
      }
      catch {
        array.push $seen { value = "outer " ~ $error.name ~ " " ~ $error.message }
      }
    }
  }
  response = $seen
}
