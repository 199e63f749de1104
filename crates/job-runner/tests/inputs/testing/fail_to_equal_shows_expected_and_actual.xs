// A failing assertion shows the assertion, its location, expected and actual.
function "add" {
  input {
    int a
    int b
  }
  stack {
    var $sum { value = $input.a + $input.b }
  }
  response = { sum: $sum }

  test "wrong sum" {
    input = { a: 1, b: 2 }
    expect.to_equal ($response.sum) { value = 4 }
    expect.to_equal ($response) { value = { sum: 3 } }
  }
}
