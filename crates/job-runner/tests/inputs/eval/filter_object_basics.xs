function "main" {
  stack {
    var $o { value = { a: 1, b: null, c: { d: 2 } } }
  }
  response = {
    get: $o|get:"a",
    get_default: $o|get:"zz":"default",
    get_null_default: $o|get:"b":"was null",
    get_path: $o|get:"c.d",
    set: $o|set:"e":5,
    unset: $o|unset:"a",
    has: $o|has:"a",
    has_not: $o|has:"zz",
    keys: $o|keys,
    values: {x: 1, y: 2}|values,
    entries: {x: 1}|entries,
    pick: $o|pick:["a", "c"],
    set_ifnotnull_skip: {}|set_ifnotnull:"k":null,
    set_ifnotnull_set: {}|set_ifnotnull:"k":0,
    first_notnull: null|first_notnull:"fallback"
  }
}
