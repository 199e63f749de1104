// An error the test did not expect fails it, with the error and its location.
function "divide" {
  input {
    int a
    int b
  }
  stack {
    var $q { value = $input.a / $input.b }
  }
  response = $q

  test "divides by zero" {
    input = { a: 1, b: 0 }
    expect.to_equal ($response) { value = 0 }
  }
}
