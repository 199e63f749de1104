// env: {"region": "eu1", "team": "ops"}
function "main" {
  stack {
  }
  response = $env
}
