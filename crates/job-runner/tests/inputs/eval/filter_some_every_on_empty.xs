// On an empty array some is false and every is true.
function "main" {
  stack {
  }
  response = { some: []|some:$$ > 0, every: []|every:$$ > 0, find: []|find:$$ > 0, map: []|map:$$ }
}
