function "main" {
  stack {
    precondition (1 == 2) {
      error = "numbers disagree"
    }
  }
}
