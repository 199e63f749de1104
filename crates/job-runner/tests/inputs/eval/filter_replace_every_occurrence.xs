// replace changes every occurrence, case-sensitively.
function "main" {
  stack {
  }
  response = { all: "a-b-c"|replace:"-":"+", case: "Aa"|replace:"a":"x", none: "abc"|replace:"z":"y" }
}
