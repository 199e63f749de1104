// The math filters this runner lacked, with the reference's examples
// (xanoscript-filters.md); `round` shows 2.5: the reference's `3` is a typo.
function "main" {
  stack {
  }
  response = {
    asinh: 1|asinh,
    acosh: 11.592|acosh,
    atanh: 0.6666|atanh,
    ln: 10|ln,
    array_min: [1, 2, 3]|array_min,
    max_of_array: [1, 2, 3]|max,
    min_of_array: [4, 9, 2]|min,
    min_of_two: 1|min:0,
    max_of_two: 5|max:20,
    num_min: 1|num_min:0,
    num_max: 5|num_max:20,
    sub: 2|sub:3,
    mul: 2|mul:3,
    mod: 20|mod:3,
    div: 20|div:4,
    round: 2.5432|round:1
  }
}
