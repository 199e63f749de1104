table "note" {
  schema {
    int id
    text body
  }
}
