function "f" {
  response = hello
}
