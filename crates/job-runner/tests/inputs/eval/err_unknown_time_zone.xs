function "main" {
  stack {
    var $x { value = now|format_timestamp:"Y":"Mars/Olympus" }
  }
  response = $x
}
