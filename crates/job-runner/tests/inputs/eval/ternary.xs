// `? :` picks a branch; only the branch taken is evaluated; nested ternaries
// associate to the right; filters work inside the branches.
// input: {"n": 5, "items": [3, 1, 2]}
function "main" {
  input {
    int n
    json items
  }
  stack {
    var $empty { value = [] }
    var $grade { value = $input.n >= 9 ? "A" : $input.n >= 5 ? "B" : "C" }
    var $first { value = ($input.items|count) > 0 ? $input.items|first : null }
    var $none { value = ($empty|count) > 0 ? $empty|first : "nothing" }
    // The branch not taken would fail (division by zero): it never runs.
    var $safe { value = $input.n == 0 ? 1 / $input.n : $input.n * 2 }
    var $joined { value = $input.n > 2 ? $input.items|sort|join:"-" : "" }
    var $loosest { value = null ?? false ? "yes" : "no" }
  }
  response = {
    grade: $grade,
    first: $first,
    none: $none,
    safe: $safe,
    joined: $joined,
    loosest: $loosest
  }
}
