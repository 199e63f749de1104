// regex_matches honours the /i flag and anchors.
function "main" {
  stack {
  }
  response = { insensitive: "/abc/i"|regex_matches:"xABCx", sensitive: "/abc/"|regex_matches:"ABC", anchored: "/^a$/"|regex_matches:"ab" }
}
