// A mocked function.run does not call the function in that test.
function "main" {
  stack {
    function.run "expensive" {
      input = { n: 3 }
      mock = {
        "uses the mock": { total: 99 }
      }
    } as $result
  }
  response = $result

  test "uses the mock" {
    expect.to_equal ($response.total) { value = 99 }
  }

  test "calls the function" {
    expect.to_equal ($response.total) { value = 6 }
  }
}

function "expensive" {
  input {
    int n
  }
  stack {
    var $total { value = $input.n * 2 }
  }
  response = { total: $total }
}
