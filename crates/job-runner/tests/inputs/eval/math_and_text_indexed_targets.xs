// `math.*` and `text.*` statements change one element in place; a missing
// counter starts from null, which counts as 0.
function "main" {
  stack {
    var $counts { value = {} }
    foreach (["a", "b", "a", "a"]) {
      each as $k {
        math.add $counts[$k] { value = 1 }
      }
    }
    var $m { value = [[1, 2], [3, 4]] }
    math.mul $m[1][1] { value = 10 }
    math.sub $m[0][0] { value = 1 }
    math.div $m[0][1] { value = 4 }
    var $rows { value = ["a", "b"] }
    for (2) {
      each as $i {
        text.append $rows[$i] { value = "!" }
      }
    }
    text.prepend $rows[0] { value = ">" }
  }
  response = { counts: $counts, m: $m, rows: $rows }
}
