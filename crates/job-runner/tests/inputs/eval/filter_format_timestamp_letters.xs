// format_timestamp's PHP date letters, at 2023-11-14T22:13:20.123Z in UTC.
function "main" {
  stack {
    var $t { value = 1700000000123 }
  }
  response = { date: $t|format_timestamp:"Y-m-d H:i:s", short: $t|format_timestamp:"y n j G g A a", names: $t|format_timestamp:"D l M F", iso: $t|format_timestamp:"N w z t L", epoch: $t|format_timestamp:"U", micro: $t|format_timestamp:"u v", zone: $t|format_timestamp:"e T P O", full: $t|format_timestamp:"c", rfc: $t|format_timestamp:"r", escaped: $t|format_timestamp:"\\Y\\m Y" }
}
