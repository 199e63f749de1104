// substr counts characters; a negative start counts from the end.
function "main" {
  stack {
  }
  response = { middle: "héllo"|substr:1:3, tail: "héllo"|substr:-3, rest: "héllo"|substr:2, emoji: "a👋b"|substr:1:1 }
}
