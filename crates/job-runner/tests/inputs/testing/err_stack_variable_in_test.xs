// Tests read only $response, as the reference says.
function "calculate" {
  input {
    int x
  }
  stack {
    var $doubled { value = $input.x * 2 }
    var $result { value = $doubled + 1 }
  }
  response = $result

  test "reads a stack variable" {
    input = { x: 5 }
    expect.to_equal ($doubled) { value = 10 }
  }
}
