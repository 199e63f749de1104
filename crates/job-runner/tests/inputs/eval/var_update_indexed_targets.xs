// `var.update` reaches inside a variable through `[index]` and `.field`
// steps and changes the value in place; a missing object key is created and
// an index equal to the array's length appends.
function "main" {
  stack {
    var $arr { value = [10, 20, 30] }
    var $i { value = 1 }
    var.update $arr[$i] { value = 21 }
    var.update $arr[$i + 1] { value = 31 }
    var.update $arr[3] { value = 40 }
    var $grid { value = [[0, 0], [0, 0]] }
    for (2) {
      each as $r {
        for (2) {
          each as $c {
            var.update $grid[$r][$c] { value = $r * 10 + $c }
          }
        }
      }
    }
    var $o { value = { items: [{ name: "a" }, { name: "b" }, { name: "c" }] } }
    var.update $o.items[2].name { value = "C" }
    var.update $o.items.0.name { value = "A" }
    var $key { value = "fresh" }
    var.update $o[$key] { value = { created: true } }
    var.update $o.meta.depth { value = 2 }
    var $var_prefix { value = [1] }
    var.update $var.var_prefix[0] { value = "via $var" }
  }
  response = { arr: $arr, grid: $grid, o: $o, var_prefix: $var_prefix }
}
