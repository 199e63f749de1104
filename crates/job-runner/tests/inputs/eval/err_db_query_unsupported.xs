function "main" {
  stack {
    db.query "user" {
      where = $db.user.id == 1
    } as $users
  }
  response = $users
}
