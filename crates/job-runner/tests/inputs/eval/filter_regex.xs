function "main" {
  stack {
  }
  response = {
    matches: "/^[a-z]+$/"|regex_matches:"hello",
    no_match: "/^[a-z]+$/"|regex_matches:"Hello1",
    case_insensitive: "/^hello$/i"|regex_matches:"HELLO",
    first: "/(\w+)@(\w+)/"|regex_get_first_match:"mail ann@example now",
    all: "/\d+/"|regex_get_all_matches:"a1 b22 c333",
    replace: "/\s+/"|regex_replace:"-":"a  b   c"
  }
}
