// to_equal compares numbers by value but keeps text and numbers apart.
function "numbers" {
  stack {
    var $out { value = { whole: 10.0, text: "1", nested: { b: [1, 2], a: true } } }
  }
  response = $out

  test "int equals decimal" {
    expect.to_equal ($response.whole) { value = 10 }
    expect.to_equal ($response.nested) { value = { a: true, b: [1, 2] } }
  }

  test "text is not a number" {
    expect.to_equal ($response.text) { value = 1 }
  }
}
