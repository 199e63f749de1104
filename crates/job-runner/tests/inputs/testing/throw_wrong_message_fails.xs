// to_throw with another message fails and shows both.
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

  test "expects another message" {
    input = { age: -5 }
    expect.to_throw { value = "Age is unrealistic" }
  }
}
