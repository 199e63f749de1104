// `db.direct_query` binds its `arg` values; the same SQL on both backends.
table "city" {
  schema {
    int id
    text name
    int population
  }
  items = [
    {name: "Lyon", population: 522000}
    {name: "Nice", population: 342000}
    {name: "Paris", population: 2100000}
  ]
}

function "main" {
  stack {
    db.direct_query {
      sql = "SELECT name FROM city WHERE population > ? AND name <> ? ORDER BY name"
      arg = [400000, "' OR 1=1 --"]
      response_type = "list"
    } as $big
  }
  response = $big
}
