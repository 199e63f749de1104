// A digit the base does not have is an error, not silently skipped.
function "main" {
  stack {
  }
  response = "fg"|hexdec
}
