function "main" {
  stack {
    var $settings { value = { theme: "dark", size: 2 } }
    object.keys { value = $settings } as $keys
    object.values { value = $settings } as $values
    object.entries { value = $settings } as $entries
  }
  response = { keys: $keys, values: $values, entries: $entries }
}
