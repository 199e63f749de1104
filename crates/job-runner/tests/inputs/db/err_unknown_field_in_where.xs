// A typo in a field is caught at load, with a suggestion.
table "product" {
  schema {
    int id
    decimal price
  }
}

function "main" {
  stack {
    db.query "product" {
      where = $db.product.prise > 10
    } as $found
    db.add "product" {
      data = { price: 1, colour: "red" }
    }
  }
  response = $found
}
