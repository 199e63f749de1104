// A step into a value that holds no items says what was found.
function "main" {
  stack {
    var $rows { value = ["a", "b"] }
    array.push $rows[0][1] { value = "x" }
  }
  response = $rows
}
