function "f" {
  input { email email_input? filters=trim|lower}
  stack {}
}
