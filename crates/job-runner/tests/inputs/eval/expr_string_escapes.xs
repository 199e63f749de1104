// Escapes in double-quoted text: tab, newline, quote, backslash, unicode.
function "main" {
  stack {
  }
  response = { text: "a\tb\nc \"q\" \\ \u00e9", length: "a\tb"|strlen }
}
