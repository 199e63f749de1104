// Unknown attributes of a test and of an assertion get did-you-mean hints.
function "f" {
  stack {
    var $x { value = 1 }
  }
  response = $x

  test "attributes" {
    inputs = { a: 1 }
    expect.to_equal ($response) { valeu = 1 }
    expect.to_be_true ($response) { value = true }
  }
}
