[
  $p / 1.1 | round:2,
  "Hello, " ~ $name|capitalize,
  $a == $b|trim,
  $a|trim == $b,
  !$items|is_empty,
  -$x|abs,
  -4|sqrt,
  $a * 2 + 1|to_text ~ "!",
  ($s|to_text) ~ ": " ~ ($d|json_encode),
]
