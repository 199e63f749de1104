function "f" {
  input {
    dblink {
      table = "user"
    }
  }
}
