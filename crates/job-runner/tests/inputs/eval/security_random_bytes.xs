// security.random_bytes makes `length` random bytes (binary text, as PHP's
// random_bytes): strlen counts bytes, base64 encodes them, two calls differ.
function "main" {
  stack {
    security.random_bytes { length = 16 } as $salt
    security.random_bytes { length = 16 } as $other
    security.random_bytes { length = 0 } as $none
    var $n { value = 32 }
    security.random_bytes { length = $n } as $key
  }
  response = {
    salt_bytes: $salt|strlen,
    salt_base64_length: ($salt|base64_encode)|strlen,
    differ: $salt != $other,
    none_bytes: $none|strlen,
    key_bytes: $key|strlen
  }
}
