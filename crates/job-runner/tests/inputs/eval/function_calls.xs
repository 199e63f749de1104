// Function-call syntax runs the filter of the same name on the first argument:
// `math.add(5, 3)` is `5|add:3`. Examples from syntax/functions.md and
// syntax/string-filters.md.
function "main" {
  stack {
    var $items { value = [1, 2, 3] }
  }
  response = {
    add: math.add(5, 3),
    sub: math.sub(10, 4),
    mul: math.mul(3, 4),
    div: math.div(20, 5),
    mod: math.mod(10, 3),
    keys: object.keys({a: 1, b: 2}),
    values: object.values({a: 1, b: 2}),
    entries: object.entries({a: 1, b: 2}),
    contains: text.contains("hello world", "world"),
    starts_with: text.starts_with("hello", "he"),
    ends_with: text.ends_with("hello", "lo"),
    icontains: text.icontains("Hello World", "WORLD"),
    istarts_with: text.istarts_with("Hello", "HE"),
    iends_with: text.iends_with("Hello", "LO"),
    count: array.count($items),
    map: array.map($items, $$ * 2),
    nested: math.add(math.mul(2, 3), 1) * 2
  }
}
