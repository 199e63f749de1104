// A hash of another kind could never match here: it is an error that says
// what the runner reads, without echoing the hash.
function "main" {
  stack {
    security.check_password {
      text_password = "pw"
      hash_password = "$2y$10$abcdefghijklmnopqrstuuJ5Y0V8cW1bZ3nq7F8u0zXh2m3kQ9a1e"
    } as $ok
  }
  response = $ok
}
