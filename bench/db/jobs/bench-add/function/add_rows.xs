// COUNT db.add in one transaction.
function "add_rows" {
  input {
    int count
  }
  stack {
    db.transaction {
      stack {
        for ($input.count) {
          each as $i {
            db.add "row" { data = { key: "k" ~ $i, n: $i } }
          }
        }
      }
    }
    db.query "row" { return = { type: "count" } } as $rows
  }
  response = $rows
}
