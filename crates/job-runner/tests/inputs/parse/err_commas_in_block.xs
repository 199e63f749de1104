function "f" {
  stack {
    throw { name = "Error", value = "message" }
  }
}
