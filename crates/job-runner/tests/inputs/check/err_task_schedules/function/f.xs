function "f" {
  stack {}
}
