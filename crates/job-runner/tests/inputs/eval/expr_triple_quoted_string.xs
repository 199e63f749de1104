// """ strings keep newlines and quotes as written.
function "main" {
  stack {
    var $t {
      value = """
    line "one"
      line two
    """
    }
  }
  response = { text: $t, lines: $t|split:"\n"|count }
}
