function "main" {
  stack {
    var $x { value = [1, 2]|lambda_map:"return $this * 2" }
  }
  response = $x
}
