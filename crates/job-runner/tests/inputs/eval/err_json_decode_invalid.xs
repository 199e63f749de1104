function "main" {
  stack {
    var $x { value = "{not json"|json_decode }
  }
  response = $x
}
