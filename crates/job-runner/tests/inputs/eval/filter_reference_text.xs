// The text filters this runner lacked, with the reference's examples.
function "main" {
  stack {
  }
  response = {
    escape: 'he said
- "Hi!"'|escape,
    addslashes: 'he said "Hi!"'|addslashes,
    list_encodings: |list_encodings,
    detect_encoding: "étude"|detect_encoding,
    detect_ascii: "plain"|detect_encoding,
    to_utf8: "é"|to_utf8,
    from_utf8: "études"|from_utf8,
    convert_encoding: "études"|convert_encoding:"ISO-8859-1":"UTF-8",
    lower: "Epic Battle"|lower,
    upper: "Epic Battle"|upper,
    strip_html: "<p>Epic <b>Battle</b></p><!-- note -->"|strip_html,
    strip_html_keep: "<p>Epic <b>Battle</b></p>"|strip_html:"<b>",
    unaccent: "études"|unaccent,
    strpos: "Epic Battle"|strpos:"Battle",
    stripos: "Epic Battle"|stripos:"battle",
    string_replace: "Hella World"|string_replace:"o":"a",
    regex_test: "/^a.*c$/"|regex_test:"abbbbc",
    regex_match: "/(\\w+)@(\\w+).(\\w+)/"|regex_match:"test@example.com",
    regex_match_all: "/\\b\\w+@\\w+.\\w+\\b/"|regex_match_all:"test@example.com",
    regex_all_groups: "/(\\d)(\\w)/"|regex_get_all_matches:"1a 2b",
    regex_quote: "Hello. How are you?"|regex_quote:"/",
    regex_quote_delimiter: "a/b#c"|regex_quote:"/"
  }
}
