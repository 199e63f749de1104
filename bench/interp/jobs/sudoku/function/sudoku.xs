// Entry point: solves the board and reports the solution.
function "sudoku" {
  input {
    json board
  }
  stack {
    function.run "solve" { input = { board: $input.board } } as $solved
  }
  response = { solved: $solved }
}

// Fills the first empty cell with each digit that fits and recurses;
// null when no digit fits (the caller backtracks).
function "solve" {
  input {
    json board
  }
  stack {
    var $board { value = $input.board }
    var $pos { value = 0 }
    while ($pos < 81) {
      each {
        var $r { value = ($pos / 9)|floor }
        var $c { value = $pos % 9 }
        conditional {
          if (($board|get:$r|get:$c) == 0) {
            var $d { value = 1 }
            while ($d <= 9) {
              each {
                function.run "fits" { input = { board: $board, r: $r, c: $c, d: $d } } as $ok
                conditional {
                  if ($ok) {
                    var $row { value = $board|get:$r|set:$c:$d }
                    function.run "solve" { input = { board: $board|set:$r:$row } } as $next
                    conditional {
                      if ($next != null) {
                        return { value = $next }
                      }
                    }
                  }
                }
                var.update $d { value = $d + 1 }
              }
            }
            return { value = null }
          }
        }
        var.update $pos { value = $pos + 1 }
      }
    }
  }
  response = $board
}

// Whether digit d may go at (r, c): not yet in its row, column or box.
function "fits" {
  input {
    json board
    int r
    int c
    int d
  }
  stack {
    var $board { value = $input.board }
    var $i { value = 0 }
    while ($i < 9) {
      each {
        conditional {
          if (($board|get:$input.r|get:$i) == $input.d || ($board|get:$i|get:$input.c) == $input.d) {
            return { value = false }
          }
        }
        var.update $i { value = $i + 1 }
      }
    }
    var $br { value = $input.r - $input.r % 3 }
    var $bc { value = $input.c - $input.c % 3 }
    var.update $i { value = 0 }
    while ($i < 9) {
      each {
        conditional {
          if (($board|get:($br + ($i / 3)|floor)|get:($bc + $i % 3)) == $input.d) {
            return { value = false }
          }
        }
        var.update $i { value = $i + 1 }
      }
    }
  }
  response = true
}
