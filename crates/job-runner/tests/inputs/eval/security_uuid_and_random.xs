function "main" {
  stack {
    security.create_uuid as $id
    security.random_number { min = 5 max = 5 } as $five
    security.random_number { min = 1 max = 6 } as $die
  }
  response = { uuid_length: $id|strlen, five: $five, die_in_range: $die >= 1 && $die <= 6 }
}
