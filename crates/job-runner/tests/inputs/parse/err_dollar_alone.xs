function "f" {
  response = $ + 1
}
