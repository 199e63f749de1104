// regex_replace substitutes groups with $1, $2.
function "main" {
  stack {
  }
  response = { swapped: "/(\\w+)@(\\w+)/"|regex_replace:"$2 at $1":"me@site", spaces: "/\\s+/"|regex_replace:"-":"a  b   c" }
}
