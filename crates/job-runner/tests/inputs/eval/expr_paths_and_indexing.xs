function "main" {
  stack {
    var $data { value = { users: [{ name: "ann", tags: ["a", "b"] }, { name: "bob", tags: [] }] } }
    var $i { value = 0 }
  }
  response = {
    first_name: $data.users[0].name,
    computed: $data.users[$i + 1].name,
    nested: $data.users[0].tags[1],
    missing: $data.users[5].name,
    missing_key: $data.nothing.here,
    by_key: $data["users"][0]["name"]
  }
}
