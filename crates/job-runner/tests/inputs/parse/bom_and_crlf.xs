function "crlf" {
  stack {
    var $x { value = """
      a
        b
      """ }
  }
  response = $x // done
}
