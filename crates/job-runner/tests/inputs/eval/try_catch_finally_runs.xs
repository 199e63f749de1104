function "main" {
  stack {
    var $steps { value = [] }
    try_catch {
      try {
        array.push $steps { value = "try" }
        throw { name = "Oops" value = "bad" }
      }
      catch {
        array.push $steps { value = "catch:" ~ $error.name }
      }
      finally {
        array.push $steps { value = "finally" }
      }
    }
  }
  response = $steps
}
