// trim, ltrim and rtrim take the characters to strip.
function "main" {
  stack {
  }
  response = { both: "xxhixx"|trim:"x", left: "--a--"|ltrim:"-", right: "--a--"|rtrim:"-", spaces: "  a \n"|trim }
}
