// object.* on an empty object give empty arrays.
function "main" {
  stack {
    object.keys { value = {} } as $k
    object.values { value = {} } as $v
    object.entries { value = {} } as $e
  }
  response = { keys: $k, values: $v, entries: $e }
}
