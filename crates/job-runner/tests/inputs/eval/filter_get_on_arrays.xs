function "main" {
  stack {
    var $items { value = [10, 20, 30] }
  }
  response = {
    get_index: $items|get:1,
    get_missing: $items|get:9:"none",
    has_index: $items|has:2,
    set_index: $items|set:0:99,
    keys: $items|keys
  }
}
