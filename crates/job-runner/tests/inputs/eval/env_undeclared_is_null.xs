// env: {"declared": "yes"}
function "main" {
  stack {
  }
  response = { declared: $env.declared, other: $env.not_declared }
}
