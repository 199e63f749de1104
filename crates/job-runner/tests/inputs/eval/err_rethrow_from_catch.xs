function "main" {
  stack {
    try_catch {
      try {
        throw { name = "First" value = "one" }
      }
      catch {
        throw { name = "Second" value = "caught " ~ $error.message }
      }
    }
  }
}
