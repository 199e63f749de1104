function "f" {
  response = "never closed
}
