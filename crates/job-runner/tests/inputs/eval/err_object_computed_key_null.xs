// A computed key must be text or a number: null is refused with the key's place.
function "main" {
  stack {
    var $key { value = null }
  }
  response = { $key: 1 }
}
