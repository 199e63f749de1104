// The URL filters, with the reference's examples.
function "main" {
  stack {
  }
  response = {
    url_addarg: "https://example.com?foo=bar"|url_addarg:"fiz":"buz",
    url_addarg_replaces: "https://example.com?foo=bar#top"|url_addarg:"foo":"two words",
    url_addarg_rfc3986: "https://example.com"|url_addarg:"q":"a b":true,
    url_delarg: "https://example.com?foo=bar&fiz=buz"|url_delarg:"fiz",
    url_hasarg: "https://example.com?foo=bar&fiz=buz"|url_hasarg:"fiz",
    url_getarg: "https://example.com?foo=bar&fiz=buz"|url_getarg:"fiz",
    url_getarg_default: "https://example.com"|url_getarg:"x":"none",
    url_parse: "https://username:password@example.com:8080/path?foo=bar&fiz=buz#fragment"|url_parse,
    url_parse_relative: "/path/only?x=1"|url_parse,
    querystring_parse: "foo=bar&fiz=buz"|querystring_parse,
    url_decode_rfc3986: "Hello%2C%20World%21+"|url_decode_rfc3986,
    url_encode_rfc3986: "Hello, World!"|url_encode_rfc3986
  }
}
