// set adds or replaces a key; unset removes one; the original is unchanged.
function "main" {
  stack {
    var $o { value = { a: 1 } }
  }
  response = { set: $o|set:"b":2, replaced: $o|set:"a":9, unset: $o|unset:"a", original: $o }
}
