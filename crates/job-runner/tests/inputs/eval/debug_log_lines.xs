function "main" {
  stack {
    debug.log { value = "starting" }
    debug.log { value = { step: 2, ok: true } }
  }
  response = null
}
