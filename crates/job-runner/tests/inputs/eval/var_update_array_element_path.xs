// var.update writes into an array element and a nested field.
function "main" {
  stack {
    var $data { value = { items: [1, 2, 3], meta: { n: 0 } } }
    var.update $data.items.0 { value = 9 }
    var.update $data.meta.n { value = 3 }
  }
  response = $data
}
