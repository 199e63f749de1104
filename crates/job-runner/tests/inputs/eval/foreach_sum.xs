// input: {"items": [{"price": 2, "qty": 3}, {"price": 1.5, "qty": 2}]}
function "main" {
  input {
    json items
  }
  stack {
    var $total { value = 0 }
    foreach ($input.items) {
      each as $item {
        math.add $total { value = $item.price * $item.qty }
      }
    }
  }
  response = $total
}
