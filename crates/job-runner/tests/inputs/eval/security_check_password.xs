// security.check_password checks text against an Argon2 hash, the form the
// runner's database stores password fields in.
function "main" {
  stack {
    var $stored { value = "$argon2id$v=19$m=19456,t=2,p=1$YSBmaXhlZCBzYWx0IDE2Yg$yU8FLLZ+DVP5WoPpmllnpeDBYU6rvTH96ipHm7BEN1A" }
    security.check_password {
      text_password = "correct horse battery"
      hash_password = $stored
    } as $right
    security.check_password {
      text_password = "wrong horse battery"
      hash_password = $stored
    } as $wrong
  }
  response = { right: $right, wrong: $wrong }
}
