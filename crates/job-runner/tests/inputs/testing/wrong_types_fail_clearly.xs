// Assertions on the wrong type of value fail with a message, never a crash.
function "mixed" {
  stack {
    var $out { value = { list: [1, 2], text: "abc", n: 5 } }
  }
  response = $out

  test "starts with on an array" {
    expect.to_start_with ($response.list) { value = "1" }
  }

  test "greater than on text" {
    expect.to_be_greater_than ($response.list) { value = 1 }
  }

  test "bad pattern" {
    expect.to_match ($response.text) { value = "([a-" }
  }

  test "contains on a number" {
    expect.to_contain ($response.n) { value = 5 }
  }
}
