function "f" {
  stack {
    db.query users {
      where = $db.users.migrated_at == null && $db.user.id != $input.exclude_id
      sort = {dad_jokes.id: "rand", dad_jokes.joke: "asc"}
      paging = { page: 1, per_page: $input.batch_size }
    } as $pending
  }
}
