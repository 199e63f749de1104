function "main" {
  stack {
    var $items { value = [{ id: 1, v: 10, on: true }, { id: 2, v: 20, on: false }, { id: 3, v: 30, on: true }] }
  }
  response = {
    map: $items|map:$$.v * 2,
    filter: $items|filter:$$.on,
    find: $items|find:$$.id == 2,
    find_index: $items|findIndex:$$.id == 3,
    some: $items|some:$$.v > 25,
    every: $items|every:$$.v > 5,
    reduce: [1, 2, 3, 4]|reduce:$$ + $result:0,
    with_index: ["a", "b"]|map:$index ~ ":" ~ $$,
    transform: 2|transform:$$ + 3
  }
}
