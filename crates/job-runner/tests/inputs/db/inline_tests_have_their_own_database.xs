// tests
// Each inline test starts from the seeded items alone; mocks still work.
table "note" {
  schema {
    int id
    text body
  }
  items = [
    {body: "seeded"}
  ]
}

function "main" {
  input {
    text body
  }
  stack {
    db.add "note" { data = { body: $input.body } }
    db.query "note" {
      return = { type: "count" }
      mock = { "mocked count": 42 }
    } as $count
  }
  response = $count

  test "first write" {
    input = { body: "one" }
    expect.to_equal ($response) { value = 2 }
  }

  test "second write sees none of the first" {
    input = { body: "two" }
    expect.to_equal ($response) { value = 2 }
  }

  test "mocked count" {
    input = { body: "three" }
    expect.to_equal ($response) { value = 42 }
  }
}
