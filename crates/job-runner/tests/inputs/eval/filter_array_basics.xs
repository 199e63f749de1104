function "main" {
  stack {
    var $a { value = [3, 1, 2, 3] }
  }
  response = {
    first: $a|first,
    last: $a|last,
    count: $a|count,
    reverse: $a|reverse,
    unique: $a|unique,
    slice: $a|slice:1:2,
    push: $a|push:9,
    pop: $a|pop,
    shift: $a|shift,
    unshift: $a|unshift:0,
    merge: $a|merge:[7, 8],
    join: $a|join:"-",
    sort: $a|sort,
    sum: $a|sum,
    avg: [1, 2, 3, 4]|avg,
    flatten: [[1, 2], [3, [4]]]|flatten,
    empty_first: []|first
  }
}
