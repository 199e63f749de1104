// to_bool reads text: "true", "1" and "yes" are true; "false" and "0" are false.
function "main" {
  stack {
  }
  response = { t: "true"|to_bool, f: "false"|to_bool, one: "1"|to_bool, zero: "0"|to_bool, yes: "yes"|to_bool, int: 2|to_bool }
}
