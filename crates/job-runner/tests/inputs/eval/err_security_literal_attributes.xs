// Literal values every run would refuse are errors at load, each naming the
// attribute; RSA and EC keys are refused with the shared-secret alternative.
function "main" {
  stack {
    security.random_bytes { length = -1 } as $a
    security.random_bytes as $b
    security.create_password { character_count = 0 require_symbol = "yes" } as $c
    security.create_secret_key { bits = 100 } as $d
    security.create_secret_key { bits = 256 format = "base64" } as $e
    security.create_secret_key { format = "object" } as $f
    security.create_rsa_key { bits = 2048 format = "object" } as $g
    security.create_curve_key { curve = "P-256" format = "object" } as $h
    security.check_password { text_password = "pw" } as $i
    security.create_pasword { character_count = 8 } as $j
  }
  response = null
}
