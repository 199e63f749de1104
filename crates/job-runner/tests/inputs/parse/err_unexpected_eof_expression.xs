function "f" {
  response = $a +
