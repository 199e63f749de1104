function "send_digest" {
  description = "Post a digest message"
  input {
    text channel filters=trim
    int limit?=20
  }
  stack {
    var $x { value = 1 }
  }
  response = $x
}
