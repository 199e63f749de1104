// slice with a negative offset counts from the end; a length past the end stops there.
function "main" {
  stack {
  }
  response = { last_two: [1, 2, 3, 4]|slice:-2, past_end: [1, 2, 3]|slice:1:10, empty: []|slice:0:2 }
}
