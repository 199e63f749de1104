function "f" {
  stack {
    var $x { value = 1 }
    var.update $x { value = $x + 1 }
    math.add $total { value = 1 }
    array.push $items { value = "a" }
  }
}
