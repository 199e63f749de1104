// regex_replace built match by match: groups, an empty pattern between
// every two characters, `$$` for a dollar.
function "main" {
  stack {
  }
  response = {
    groups: "/(\\w+)@(\\w+)/"|regex_replace:"$2 at $1":"ana@example",
    empty: "//"|regex_replace:"-":"abc",
    dollar: "/x/"|regex_replace:"$$":"axb"
  }
}
