function "f" {
  response = 9223372036854775808
}
