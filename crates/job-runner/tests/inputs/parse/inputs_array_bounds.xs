function "f" {
  input {
    int[1:10] scores filters=min:0|max:100
    text[:5] short
    text[2:] long
    text[3] exact
  }
}
