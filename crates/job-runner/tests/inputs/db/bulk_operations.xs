// db.bulk.add, update, patch and delete answer counts; truncate with reset.
// dump: ["task"]
table "task" {
  schema {
    int id
    text title
    bool done?=false
  }
}

function "main" {
  stack {
    db.bulk.add "task" {
      data = [{ title: "a" }, { title: "b" }, { title: "c" }]
    } as $added
    db.bulk.update "task" {
      where = $db.task.title != "a"
      data = { done: true }
    } as $updated
    db.bulk.delete "task" {
      where = $db.task.done == true
    } as $deleted
    db.query "task" { return = { type: "count" } } as $left
    db.truncate "task" { reset = true }
    db.add "task" { data = { title: "fresh" } } as $fresh
  }
  response = { added: $added, updated: $updated, deleted: $deleted, left: $left, fresh_id: $fresh.id }
}
