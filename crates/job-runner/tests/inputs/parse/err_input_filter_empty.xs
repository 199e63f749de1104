function "f" {
  input {
    text name filters=trim||lower
  }
}
