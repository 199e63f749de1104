// input: {"email": "  Ann@Example.COM "}
function "main" {
  input {
    text email
  }
  stack {
  }
  response = $input.email|trim|to_lower|split:"@"|last
}
