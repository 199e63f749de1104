// Single-quoted text holds double quotes as they are.
function "main" {
  stack {
  }
  response = { json: '{"a": 1}'|json_decode, plain: 'it is' }
}
