// A test's input is validated and coerced like function.run's: defaults apply.
function "describe" {
  input {
    int count
    text label?="items"
  }
  stack {
    var $text { value = $input.count ~ " " ~ $input.label }
  }
  response = $text

  test "coerces and defaults" {
    input = { count: "3" }
    expect.to_equal ($response) { value = "3 items" }
  }

  test "missing required input" {
    input = {}
    expect.to_equal ($response) { value = "0 items" }
  }
}
