// Filtering a missing value gives null rather than failing.
function "main" {
  stack {
    var $data { value = {} }
  }
  response = $data.items[$$.active == true]
}
