// A password rule set that allows no character at all is refused at run
// time when it is computed (a literal one is refused at load).
// input: {"digits": false}
function "main" {
  input {
    bool digits
  }
  stack {
    security.create_password {
      character_count = 8
      require_lowercase = false
      require_uppercase = false
      require_digit = $input.digits
    } as $password
  }
  response = $password
}
