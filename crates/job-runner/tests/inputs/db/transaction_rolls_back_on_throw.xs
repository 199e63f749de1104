// A `throw` inside `db.transaction` undoes its writes; `try_catch` sees the error.
// dump: ["ledger"]
table "ledger" {
  schema {
    int id
    text entry
  }
}

function "main" {
  stack {
    db.transaction {
      stack {
        db.add "ledger" { data = { entry: "kept" } }
      }
    }
    try_catch {
      try {
        db.transaction {
          stack {
            db.add "ledger" { data = { entry: "undone" } }
            throw { name = "Abort" value = "changed my mind" }
          }
        }
      }
      catch {
        var $caught { value = $error.name }
      }
    }
  }
  response = $caught
}
