// expect.to_throw without a value passes on any error.
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

  test "throws on negative age" {
    input = { age: -1 }
    expect.to_throw
  }
}
