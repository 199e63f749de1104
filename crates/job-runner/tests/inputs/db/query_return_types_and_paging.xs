// `return` as list with paging, single, count and exists; sort by a field.
table "item" {
  schema {
    int id
    text label
    int rank
  }
  items = [
    {label: "a", rank: 5}
    {label: "b", rank: 3}
    {label: "c", rank: 4}
    {label: "d", rank: 1}
    {label: "e", rank: 2}
  ]
}

function "main" {
  stack {
    db.query "item" {
      sort = { rank: "asc" }
      return = { type: "list", paging: { page: 2, per_page: 2, totals: true } }
    } as $page
    db.query "item" {
      where = $db.item.rank > 3
      return = { type: "single" }
    } as $single
    db.query "item" {
      where = $db.item.rank > 1
      return = { type: "count" }
    } as $count
    db.query "item" {
      where = $db.item.label == "zzz"
      return = { type: "exists" }
    } as $exists
    db.query "item" {
      sort = { id: "rand" }
      return = { type: "count" }
    } as $shuffled_count
  }
  response = { page: $page, single: $single.label, count: $count, exists: $exists, shuffled_count: $shuffled_count }
}
