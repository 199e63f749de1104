// A mocked var takes the mock's value in its test, and its own elsewhere.
function "greet" {
  input {
    text name
  }
  stack {
    var $message {
      value = "Hello " ~ $input.name
      mock = {
        "custom greeting": "Custom greeting!"
      }
    }
  }
  response = $message

  test "custom greeting" {
    input = { name: "Ada" }
    expect.to_equal ($response) { value = "Custom greeting!" }
  }

  test "real greeting" {
    input = { name: "Ada" }
    expect.to_equal ($response) { value = "Hello Ada" }
  }
}
