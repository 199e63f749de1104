// A unique index refuses a second record with the same value, naming both.
table "user" {
  schema {
    int id
    email email
  }
  index = [
    {type: "btree|unique", field: [{name: "email"}]}
  ]
  items = [
    {email: "ada@example.com"}
  ]
}

function "main" {
  stack {
    db.add "user" {
      data = { email: "ada@example.com" }
    }
  }
}
