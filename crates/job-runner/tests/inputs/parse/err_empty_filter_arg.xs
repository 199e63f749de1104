function "f" {
  response = $x|get::"b"
}
