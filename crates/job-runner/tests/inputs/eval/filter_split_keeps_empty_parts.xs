// split keeps empty pieces; join turns numbers into text.
function "main" {
  stack {
  }
  response = { parts: "a,,b,"|split:",", joined: [1, 2.5, true]|join:"-", chars: "abc"|split:"" }
}
