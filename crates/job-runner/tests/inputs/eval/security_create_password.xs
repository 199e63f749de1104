// security.create_password: `character_count` characters holding at least
// one of each required kind; the defaults are 12 characters of lower and
// upper case letters and digits, no symbols.
function "main" {
  stack {
    security.create_password as $default
    security.create_password {
      character_count = 20
      require_lowercase = true
      require_uppercase = true
      require_digit = true
      require_symbol = true
      symbol_whitelist = "$#%&"
    } as $strong
    security.create_password {
      character_count = 6
      require_lowercase = false
      require_uppercase = false
      require_digit = true
    } as $pin
  }
  response = {
    default_length: $default|strlen,
    default_allowed: "/^[a-zA-Z0-9]{12}$/"|regex_matches:$default,
    default_kinds: ("/[a-z]/"|regex_matches:$default) && ("/[A-Z]/"|regex_matches:$default) && ("/[0-9]/"|regex_matches:$default),
    strong_length: $strong|strlen,
    strong_allowed: "/^[a-zA-Z0-9$#%&]{20}$/"|regex_matches:$strong,
    strong_kinds: ("/[a-z]/"|regex_matches:$strong) && ("/[A-Z]/"|regex_matches:$strong) && ("/[0-9]/"|regex_matches:$strong) && ("/[$#%&]/"|regex_matches:$strong),
    pin_digits_only: "/^[0-9]{6}$/"|regex_matches:$pin
  }
}
