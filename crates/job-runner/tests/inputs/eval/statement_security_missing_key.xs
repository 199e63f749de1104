// The key of a security.* statement has no default: leaving it out is an
// error at load, naming the attribute.
function "main" {
  stack {
    security.encrypt {
      data = "hello"
      algorithm = "aes-128-cbc"
      iv = "0123456789abcdef"
    } as $sealed
  }
  response = $sealed
}
