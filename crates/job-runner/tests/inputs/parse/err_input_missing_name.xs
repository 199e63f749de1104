function "f" {
  input {
    text
    int count
  }
}
