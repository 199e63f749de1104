function "main" {
  stack {
    redis.set {
      key = "k"
      data = 1
    }
  }
}
