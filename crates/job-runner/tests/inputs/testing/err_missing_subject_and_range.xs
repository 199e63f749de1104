// Assertions without their subject or their min/max are refused.
function "f" {
  stack {
    var $x { value = 1 }
  }
  response = $x

  test "incomplete" {
    expect.to_equal { value = 1 }
    expect.to_be_within ($response) { min = 1 }
    expect.to_throw ($response)
  }
}
