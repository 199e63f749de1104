function "main" {
  stack {
    throw {
      name = "BadThing"
      value = { code: 42 }
    }
  }
}
