// The runner's db.* reads never return password fields, so Xano's login
// pattern checks against null here: an error that says why, never a silent
// "wrong password" for every login.
function "main" {
  stack {
    var $user { value = { id: 1, email: "a@example.com" } }
    security.check_password {
      text_password = "correct horse battery"
      hash_password = $user.password
    } as $ok
  }
  response = $ok
}
