// Every operator of a `where`, on seeded products.
table "product" {
  schema {
    int id
    text name
    decimal price
    int stock?=0
    text[] tags?
    enum category { values = ["tools", "toys", "food"] }
  }
  index = [
    {type: "primary", field: [{name: "id"}]}
    {type: "btree", field: [{name: "price", op: "asc"}]}
  ]
  items = [
    {id: 1, name: "Hammer", price: 12.5, stock: 3, tags: ["metal", "heavy"], category: "tools"}
    {id: 2, name: "Teddy", price: 20, tags: ["soft"], category: "toys"}
    {id: 3, name: "Apple", price: 0.5, tags: [], category: "food"}
    {id: 4, name: "Screwdriver", price: 7.25, stock: 10, tags: ["metal"], category: "tools"}
  ]
}

function "main" {
  stack {
    db.query "product" {
      where = $db.product.price > 7.25 && $db.product.category == "tools"
    } as $gt
    db.query "product" {
      where = 1 > $db.product.price || $db.product.stock >= 10
    } as $flipped
    db.query "product" {
      where = $db.product.name includes "DRIVER"
    } as $includes
    db.query "product" {
      where = $db.product.tags contains "metal"
    } as $contains
    db.query "product" {
      where = $db.product.tags not contains "metal"
    } as $not_contains
    db.query "product" {
      where = $db.product.tags overlaps ["soft", "heavy"]
    } as $overlaps
    db.query "product" {
      where = !($db.product.category == "tools")
    } as $not
  }
  response = {
    gt: $gt|map:$$.name,
    flipped: $flipped|map:$$.name,
    includes: $includes|map:$$.name,
    contains: $contains|map:$$.name,
    not_contains: $not_contains|map:$$.name,
    overlaps: $overlaps|map:$$.name,
    not: $not|map:$$.name
  }
}
