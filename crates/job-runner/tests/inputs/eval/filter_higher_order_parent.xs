function "main" {
  stack {
  }
  response = [1, 2, 3]|map:$$ * ($parent|count)
}
