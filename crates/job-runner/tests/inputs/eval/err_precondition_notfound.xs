// input: {"id": 2}
// A precondition of type notfound fails with that type and message.
function "main" {
  input {
    int id
  }
  stack {
    precondition ($input.id == 1) {
      error_type = "notfound"
      error = "No record " ~ $input.id
    }
  }
  response = 1
}
