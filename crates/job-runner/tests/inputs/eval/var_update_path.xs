function "main" {
  stack {
    var $data { value = { name: "a", items: [1, 2] } }
    var.update $data.name { value = "updated" }
    var.update $data.meta.created { value = true }
    var.update $data.items.1 { value = 20 }
  }
  response = $data
}
