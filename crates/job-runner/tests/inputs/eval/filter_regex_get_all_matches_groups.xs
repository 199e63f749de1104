// regex_get_all_matches returns every match grouped as preg_match_all does (whole matches first); regex_get_first_match the first with its groups.
function "main" {
  stack {
  }
  response = { all: "/\\d+/"|regex_get_all_matches:"a1 b22 c333", first: "/(\\w+)@(\\w+)/"|regex_get_first_match:"x me@site y", none: "/z/"|regex_get_first_match:"abc" }
}
