// Each stack entry is a whole board (0 = not visited, k = visited at step k),
// the knight's square and the step number.
function "knights_tour" {
  stack {
    var $n { value = 5 }
    var $moves { value = [[2, 1], [1, 2], [-1, 2], [-2, 1], [-2, -1], [-1, -2], [1, -2], [2, -1]] }
    // Square 0 (the top-left corner) is where the knight starts.
    var $board { value = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }
    var $stack { value = [{ board: $board, pos: 0, step: 1 }] }
    var $expanded { value = 0 }
    var $tour { value = null }
    while (($stack|count) > 0) {
      each {
        var $top { value = $stack|last }
        var.update $stack { value = $stack|slice:0:(($stack|count) - 1) }
        var.update $expanded { value = $expanded + 1 }
        conditional {
          if ($top.step == $n * $n) {
            var.update $tour { value = $top.board }
            break
          }
        }
        var $r { value = ($top.pos / $n)|floor }
        var $c { value = $top.pos % $n }
        var $m { value = 0 }
        while ($m < 8) {
          each {
            var $nr { value = $r + ($moves|get:$m|get:0) }
            var $nc { value = $c + ($moves|get:$m|get:1) }
            conditional {
              if ($nr >= 0 && $nr < $n && $nc >= 0 && $nc < $n) {
                var $np { value = $nr * $n + $nc }
                conditional {
                  if (($top.board|get:$np) == 0) {
                    var $next { value = { board: $top.board|set:$np:($top.step + 1), pos: $np, step: $top.step + 1 } }
                    var.update $stack { value = $stack|append:$next }
                  }
                }
              }
            }
            var.update $m { value = $m + 1 }
          }
        }
      }
    }
  }
  response = { tour: $tour, expanded: $expanded }
}
