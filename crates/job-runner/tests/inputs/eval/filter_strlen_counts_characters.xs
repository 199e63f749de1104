// strlen counts characters, not bytes: é and 👋 are one each.
function "main" {
  stack {
  }
  response = { accented: "héllo"|strlen, emoji: "hi 👋"|strlen, empty: ""|strlen }
}
