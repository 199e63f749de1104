// get reads a key, with a default for a missing key; dotted keys read nested paths.
function "main" {
  stack {
    var $o { value = { a: 1, b: { c: 2 }, n: null } }
  }
  response = { direct: $o|get:"a", missing: $o|get:"z":"dflt", nested: $o|get:"b.c", null_value: $o|get:"n":"dflt" }
}
