// map reads nested paths of each item; missing ones are null.
function "main" {
  stack {
    var $users { value = [{ profile: { name: "ann" } }, { profile: {} }, { profile: { name: "cy" } }] }
  }
  response = $users|map:$$.profile.name
}
