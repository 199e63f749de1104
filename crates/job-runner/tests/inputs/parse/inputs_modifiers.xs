function "f" {
  input {
    text name
    text? nickname
    text title?
    text? note?
    text role?="user"
    bool active?=true
    int limit? = 20
    json settings?={}
    text[] tags?
    timestamp created_at?=now
    text[]? labels
  }
}
