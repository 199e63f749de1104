function "f" {
  stack {
    var.update $arr[$i] { value = 0 }
    var.update $grid[$r][$c + 1] { value = 1 }
    var.update $o.items[2].name { value = "x" }
    array.push $dp[0] { value = 1 }
    math.add $counts[$k] { value = 1 }
    text.append $rows[$i] { value = "!" }
  }
}
