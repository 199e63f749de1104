// The reference's common mistake: "" for a required input fails validation
// before the stack runs, so a precondition's message is never reached.
function "create_user" {
  input {
    text name
  }
  stack {
    precondition ($input.name != "") {
      error_type = "inputerror"
      error = "Name cannot be blank"
    }
  }
  response = { ok: true }

  test "rejects empty name with the validation error" {
    input = { name: "" }
    expect.to_throw { value = "inputerror" }
  }

  test "never reaches the precondition" {
    input = { name: "" }
    expect.to_throw { value = "Name cannot be blank" }
  }
}
