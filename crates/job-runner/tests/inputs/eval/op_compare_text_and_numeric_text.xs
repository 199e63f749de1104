// Text compares by bytes; numeric texts compare as numbers.
function "main" {
  stack {
  }
  response = { abc: "abc" < "abd", numeric: "10" < "9", case: "a" == "A", upper_first: "B" < "a" }
}
