function "main" {
  stack {
  }
  response = { ok: true, list: [1, 2, { nested: "yes" }] }
}
