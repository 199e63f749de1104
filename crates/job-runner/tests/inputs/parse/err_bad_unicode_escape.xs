function "f" {
  response = "caf\u00zz"
}
