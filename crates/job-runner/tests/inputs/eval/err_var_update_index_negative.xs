// A negative index is refused when writing (reads count it from the end).
function "main" {
  stack {
    var $grid { value = [[1, 2], [3, 4]] }
    var $r { value = 1 }
    var.update $grid[$r][-1] { value = 0 }
  }
  response = $grid
}
