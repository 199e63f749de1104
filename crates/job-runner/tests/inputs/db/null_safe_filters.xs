// `==?` and friends drop their comparison when the value is null.
// input: {"category": "tools"}
table "product" {
  schema {
    int id
    text name
    decimal price
    text category
  }
  items = [
    {name: "Hammer", price: 12.5, category: "tools"}
    {name: "Teddy", price: 20, category: "toys"}
    {name: "Saw", price: 30, category: "tools"}
  ]
}

function "main" {
  input {
    text category?
    decimal min_price?
    decimal max_price?
  }
  stack {
    db.query "product" {
      where = $db.product.category ==? $input.category && $db.product.price >=? $input.min_price && $db.product.price <=? $input.max_price
      sort = { price: "desc" }
    } as $found
  }
  response = $found|map:$$.name
}
