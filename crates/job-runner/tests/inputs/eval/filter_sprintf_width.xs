// Widths, flags and argument numbers as PHP's sprintf reads them.
function "main" {
  stack {
  }
  response = {
    right: "[%6.2f]"|sprintf:4.56789,
    left: "[%-6s]"|sprintf:"ab",
    zeros: "[%05d]"|sprintf:-42,
    custom: "[%'*8s]"|sprintf:"ab",
    plus: "%+d %+d"|sprintf:5:-5,
    swapped: "%2$s %1$s"|sprintf:"world":"hello",
    radix: "%x %X %o %b"|sprintf:255:255:8:5,
    truncated: "%.3s"|sprintf:"abcdef"
  }
}
