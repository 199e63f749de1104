function "f" {
  response = $a & $b
}
