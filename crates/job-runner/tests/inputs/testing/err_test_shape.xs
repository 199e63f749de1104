// A test needs a quoted name, an object input, and unique names.
function "f" {
  stack {
    var $x { value = 1 }
  }
  response = $x

  test {
    expect.to_equal ($response) { value = 1 }
  }

  test "twice" {
    input = [1, 2]
    expect.to_equal ($response) { value = 1 }
  }

  test "twice" {
    input = { a: $response }
    expect.to_equal ($response) { value = 1 }
  }
}
