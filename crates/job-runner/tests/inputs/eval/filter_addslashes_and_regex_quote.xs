// addslashes escapes quotes and backslashes; regex_quote escapes regex characters.
function "main" {
  stack {
  }
  response = { slashes: 'say "hi" it\'s \\'|addslashes, quoted: "^a.b*c$"|regex_quote }
}
