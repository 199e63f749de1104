// Every feature of issue 8 in one job, which `check` accepts without a word.
function "f" {
  input {
    int n
  }
  stack {
    var $grid { value = [[0, 0], [0, 0]] }
    var.update $grid[1][0] { value = $input.n > 2 ? "big" : "small" }
    var $counts { value = {} }
    foreach (["a", "b", "a"]) {
      each as $k {
        math.add $counts[$k] { value = 1 }
      }
    }
    var $key { value = "dynamic" }
    var $object { value = { $key: math.add(1, 2), ("k" ~ "2"): |range:1:3 } }
    var $flags { value = 6 }
    math.bitwise.xor $flags { value = 3 }
    array.filter ([1, 5, 9]) if ($this > 2) as $big
    var $safe { value = $input.n ==? null }
    var $hex { value = "ff"|hexdec }
  }
  response = { grid: $grid, counts: $counts, object: $object, flags: $flags, big: $big, safe: $safe, hex: $hex }
}
