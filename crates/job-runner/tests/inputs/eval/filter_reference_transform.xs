// The transform filters this runner lacked, with the reference's examples.
function "main" {
  stack {
    var $base { value = 4 }
  }
  response = {
    to_expr: "(2 + 1) % 2"|to_expr,
    to_expr_sees_variables: "$base * 10"|to_expr,
    xml_decode: "<root><a>1</a><b>2</b><c x=\"y\">3</c></root>"|xml_decode,
    yaml_decode: "a: 1\nb: 2\nc: 3"|yaml_decode,
    yaml_encode: {"a": 1, "b": 2, "c": 3}|yaml_encode,
    yaml_nested: {list: [1, {k: "two words"}], flag: true}|yaml_encode,
    csv_decode: "a,b\n1,\"x, y\""|csv_decode,
    csv_parse: "name,age\nana,31\nbo,12"|csv_parse,
    csv_encode: [{name: "ana", note: "says \"hi\""}, {name: "bo", note: "a,b"}]|csv_encode,
    csv_create: ["name", "age"]|csv_create:[["ana", 31], ["bo", 12]],
    dechex: "255"|dechex,
    hexdec: "ff"|hexdec,
    decbin: "10"|decbin,
    bindec: "1010"|bindec,
    decoct: "10"|decoct,
    octdec: "12"|octdec,
    base_convert: "ff"|base_convert:16:10,
    base_convert_36: "255"|base_convert:10:36
  }
}
