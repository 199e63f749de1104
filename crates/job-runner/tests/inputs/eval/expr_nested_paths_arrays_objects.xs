// Paths go through objects and arrays: dots, numeric segments and brackets.
function "main" {
  stack {
    var $d {
      value = { users: [{ name: "ann", tags: [] }, { name: "bob", tags: ["x", "y"] }], "key with space": 7 }
    }
  }
  response = { a: $d.users[1].tags[0], b: $d.users.0.name, c: $d["key with space"], d: $d.users[0]["name"] }
}
