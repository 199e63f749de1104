function "f" {
  description = "The description belongs here"
  stack {
  }
  response = 1
}
