function "f" {
  response = `$a + 1 )`
}
