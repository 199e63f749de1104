function "main" {
  stack {
    db.external.postgres.direct_query {
      connection_string = "postgres://elsewhere"
      sql = "SELECT 1"
    } as $rows
  }
  response = $rows
}
