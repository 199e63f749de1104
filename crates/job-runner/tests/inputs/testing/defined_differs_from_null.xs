// A key holding null is defined; a missing key is not.
function "shape" {
  stack {
    var $out { value = { present: null, list: [1] } }
  }
  response = $out

  test "null is defined" {
    expect.to_be_defined ($response.present)
    expect.to_be_null ($response.present)
    expect.to_not_be_defined ($response.absent)
    expect.to_be_defined ($response.list[0])
    expect.to_not_be_defined ($response.list[3])
  }
}
