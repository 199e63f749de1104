function "f" {
  response = $x| 
}
