// array.find with no matching item gives null; array.filter gives [].
function "main" {
  stack {
    var $list { value = [1, 2, 3] }
    array.find $list if ($this > 5) as $found
    array.filter $list if ($this > 5) as $kept
  }
  response = { found: $found, kept: $kept }
}
