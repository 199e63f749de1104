function "f" {
  stack {
    var.update $data.name { value = "updated" }
    var.update $data.items.0 { value = 1 }
    await $request as $result
    remove
  }
}
