function send_digest {
  input {}
  stack {}
  response = null
}
