function "main" {
  stack {
  }
  response = { missing: $never_set, is_null: $never_set == null }
}
