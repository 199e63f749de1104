// A computed `length` outside 0..1 MiB ends the run with the attribute named.
function "main" {
  stack {
    var $n { value = -1 }
    security.random_bytes { length = $n } as $bytes
  }
  response = $bytes
}
