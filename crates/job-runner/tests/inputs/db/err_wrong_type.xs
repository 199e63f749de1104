// A value of the wrong type for a field is refused before anything is written.
table "product" {
  schema {
    int id
    int stock
  }
}

function "main" {
  stack {
    db.add "product" {
      data = { stock: "many" }
    }
  }
}
