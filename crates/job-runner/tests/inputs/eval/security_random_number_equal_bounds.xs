// security.random_number with min = max gives that number.
function "main" {
  stack {
    security.random_number {
      min = 7
      max = 7
    } as $n
  }
  response = $n
}
