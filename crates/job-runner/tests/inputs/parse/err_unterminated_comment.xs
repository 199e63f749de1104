function "f" {
  /* never closed
}
