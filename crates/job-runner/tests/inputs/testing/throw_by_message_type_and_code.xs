// to_throw's value names the error by message, type or code.
function "validate_age" {
  input {
    int age
  }
  stack {
    precondition ($input.age <= 150) {
      error_type = "inputerror"
      error = "Age is unrealistic"
    }
  }
  response = { valid: true }

  test "by message" {
    input = { age: 200 }
    expect.to_throw { value = "Age is unrealistic" }
  }

  test "by type" {
    input = { age: 200 }
    expect.to_throw { value = "inputerror" }
  }

  test "by code" {
    input = { age: 200 }
    expect.to_throw { value = "ERROR_CODE_INPUT_ERROR" }
  }

  test "accepts a valid age" {
    input = { age: 25 }
    expect.to_equal ($response.valid) { value = true }
  }
}
