// `array.*` statements take indexed and path targets: `$dp[0]`, `$groups[$k]`
// (created when missing), `$o.queue`.
function "main" {
  stack {
    var $dp { value = [[], [1]] }
    array.push $dp[0] { value = 5 }
    array.unshift $dp[1] { value = 0 }
    array.merge $dp[1] { value = [2, 3] }
    var $groups { value = {} }
    foreach (["apple", "avocado", "banana"]) {
      each as $word {
        var $letter { value = $word|substr:0:1 }
        array.push $groups[$letter] { value = $word }
      }
    }
    var $o { value = { queue: [1, 2, 3] } }
    array.pop $o.queue as $last
    array.shift $o["queue"] as $first
  }
  response = { dp: $dp, groups: $groups, o: $o, last: $last, first: $first }
}
