table "row" {
  schema {
    int id
    text key
    int n
  }
  index = [
    {type: "primary", field: [{name: "id"}]}
    {type: "btree|unique", field: [{name: "key"}]}
  ]
}
