function "main" {
  stack {
  }
  response = {
    substr_past_end: "abc"|substr:5:2,
    substr_long_length: "abc"|substr:1:100,
    substr_negative_length: "abcdef"|substr:1:-2,
    slice_negative: [1, 2, 3, 4]|slice:-2,
    slice_past_end: [1, 2]|slice:5:1,
    split_empty_separator: "héj"|split:"",
    split_empty_text: ""|split:",",
    emoji_strlen: "👍🏽ok"|strlen
  }
}
