function "main" {
  stack {
  }
  response = {
    trim: "  hi  "|trim,
    lower: "HeLLo"|to_lower,
    upper: "abc"|to_upper,
    capitalize: "hi there"|capitalize,
    strlen_unicode: "héllo wörld"|strlen,
    substr: "hello"|substr:1:3,
    substr_negative: "hello"|substr:-3,
    substr_unicode: "héllo"|substr:1:2,
    split: "a,b,c"|split:",",
    replace: "hello"|replace:"l":"x",
    contains: "hello"|contains:"ell",
    starts: "hello"|starts_with:"he",
    ends: "hello"|ends_with:"lo",
    index: "hello"|index:"l",
    index_missing: "hello"|index:"z",
    concat: "a"|concat:"b":"-"
  }
}
