// An unknown assertion is reported at load time, with the closest name.
function "f" {
  stack {
    var $x { value = 1 }
  }
  response = $x

  test "typo" {
    expect.to_eqaul ($response) { value = 1 }
    expect.to_be_nul ($response)
    to_equal ($response) { value = 1 }
  }
}
