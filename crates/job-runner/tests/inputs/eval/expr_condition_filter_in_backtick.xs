// A condition inside a backtick expression, combining tests with `&&` and reading `$index`.
function "main" {
  stack {
    var $items { value = [{ n: 1, active: true }, { n: 2, active: true }, { n: 3, active: false }, { n: 4, active: true }] }
    var $picked { value = `$items[$$.active && $index > 0]` }
  }
  response = $picked
}
