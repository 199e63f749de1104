function "main" {
  stack {
  }
  response = {
    sprintf: "%s has %d items costing %.2f"|sprintf:"cart":3:9.5,
    icontains: "Hello World"|icontains:"WORLD",
    ltrim: "xxhixx"|ltrim:"x",
    rtrim: "xxhixx"|rtrim:"x",
    escape: "<b>\"hi\"</b>"|escape,
    url_roundtrip: ("a b+c"|url_encode)|url_decode,
    querystring: "a=1&b=two"|querystring_parse,
    contains_array: [1, 2, 3]|contains:2
  }
}
