table users {
  auth = false
  schema {
    int id
    timestamp created_at?=now
  }
  items = [
    {"id": 1, "name": "Alice"}
    {"id": 2, "name": "Bob"}
  ]
}
