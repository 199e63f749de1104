// `...` spreads arrays into an array literal, in place; an empty array adds nothing.
function "main" {
  stack {
    var $a { value = [1, 2] }
    var $b { value = [3] }
    var $none { value = [] }
  }
  response = { merged: [...$a, ...$b], around: [0, ...$a, ...$none, 9], computed: [...$b|push:4, ...1..2] }
}
