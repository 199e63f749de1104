function "main" {
  stack {
  }
  response = {
    count: null|count,
    strlen: null|strlen,
    trim: null|trim,
    first: null|first,
    join: null|join:",",
    keys: null|keys,
    to_int: null|to_int,
    to_text: null|to_text,
    is_empty: null|is_empty,
    json: null|json_encode,
    set: null|set:"a":1
  }
}
