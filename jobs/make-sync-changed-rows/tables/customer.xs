// The rows to keep in step with Make: each write stamps `updated_at`.
table "customer" {
  schema {
    int id
    text name filters=trim
    email email filters=trim|lower {
      sensitive = true
    }
    enum plan?="free" {
      values = ["free", "team", "premium"]
    }
    timestamp updated_at?=now
  }
  index = [
    {type: "primary", field: [{name: "id"}]}
    {type: "btree|unique", field: [{name: "email"}]}
    {type: "btree", field: [{name: "updated_at"}, {name: "id"}]}
  ]
  items = [
    {id: 1, name: "Ana", email: "ana@example.com", plan: "premium", updated_at: 1735689600000}
    {id: 2, name: "Bo", email: "bo@example.com", plan: "free", updated_at: 1735689600000}
    {id: 3, name: "Cleo", email: "cleo@example.com", plan: "team", updated_at: 1735776000000}
  ]
}
