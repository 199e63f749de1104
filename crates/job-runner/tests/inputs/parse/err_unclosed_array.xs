function "f" {
  response = [1, 2
  other = 3
}
