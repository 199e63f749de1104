// A missing path reads as null, so ?? supplies the default.
function "main" {
  stack {
    var $data { value = { a: 1 } }
  }
  response = { deep: $data.missing.deep ?? "default", present: $data.a ?? "default" }
}
