// `join` with `eval`: each comment with its post's title, filtered on the post.
table "post" {
  schema {
    int id
    text title
    int author_id
  }
  items = [
    {title: "First", author_id: 7}
    {title: "Second", author_id: 8}
  ]
}

table "comment" {
  schema {
    int id
    int post_id { table = "post" }
    text body
  }
  items = [
    {post_id: 1, body: "nice"}
    {post_id: 2, body: "meh"}
    {post_id: 1, body: "again"}
  ]
}

function "main" {
  stack {
    db.query "comment" {
      join = {
        post: { table: "post", type: "inner", where: $db.comment.post_id == $db.post.id }
      }
      eval = { post_title: $db.post.title }
      where = $db.post.author_id == 7
    } as $comments
  }
  response = $comments
}
