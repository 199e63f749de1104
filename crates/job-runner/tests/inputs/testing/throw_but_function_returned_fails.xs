// to_throw fails when the function returns normally.
function "validate_age" {
  input {
    int age
  }
  stack {
    precondition ($input.age >= 0) {
      error_type = "inputerror"
      error = "Age cannot be negative"
    }
  }
  response = { valid: true }

  test "expects an error" {
    input = { age: 5 }
    expect.to_throw
  }
}
