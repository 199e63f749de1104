function "f" {
  response = “hello”
}
