function "f" {
  input {
    text username filters=trim|lower|min:3|max:20|ok:abcdefghijklmnopqrstuvwxyz0123456789_
    text phone filters=pattern:^\+?[1-9]\d{1,14}$
    text zip filters=pattern:^\d{5}(-\d{4})?$
    text choice filters=pattern:^(yes|no)$
    decimal price filters=min:0.01
    text hex filters=ok:abcdef0123456789|min:6|max:6 // a comment
  }
}
