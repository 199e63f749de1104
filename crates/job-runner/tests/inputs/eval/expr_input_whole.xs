// input: {"name": "ann", "age": "30"}
function "main" {
  input {
    text name
    int age
  }
  stack {
  }
  response = $input
}
