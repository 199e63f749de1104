table "product" {
  schema {
    int id
  }
}

function "main" {
  stack {
    db.get "prodcut" {
      field_name = "id"
      field_value = 1
    } as $found
  }
  response = $found
}
