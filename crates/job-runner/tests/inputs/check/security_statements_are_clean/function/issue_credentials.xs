// The security statements of Xano's reference that the runner runs, written
// as the reference writes them: `check` accepts them without a word.
function "issue_credentials" {
  input {
    text password { sensitive = true }
  }
  stack {
    security.random_bytes { length = 16 } as $salt
    security.create_password {
      character_count = 12
      require_lowercase = true
      require_uppercase = true
      require_digit = true
      require_symbol = true
      symbol_whitelist = "$#%&"
    } as $generated
    security.create_secret_key { bits = 256 format = "object" } as $key
    security.jws_encode {
      claims = { sub: "user-1" }
      key = $key
      signature_algorithm = "HS256"
    } as $token
    security.check_password {
      text_password = $input.password
      hash_password = "$argon2id$v=19$m=19456,t=2,p=1$YSBmaXhlZCBzYWx0IDE2Yg$yU8FLLZ+DVP5WoPpmllnpeDBYU6rvTH96ipHm7BEN1A"
    } as $matches
  }
  response = { salt_bytes: $salt|strlen, token: $token, matches: $matches, generated: $generated|strlen }
}
