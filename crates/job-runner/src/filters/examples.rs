//! One example per filter, with the result it gives: what `runner-cli
//! filters` prints. The examples cannot go stale: a test
//! (`tests/filter_examples.rs`) runs each one through the interpreter and
//! compares what it gives with `result`, and checks that `arguments` names
//! as many arguments as the filter takes.
//!
//! Facts come from Xano's filter reference and this runner's conformance
//! inputs; the wording is ours. Filters whose answer changes run to run
//! (`uuid`, `shuffle`, `create_uid`) are shown in a chain whose end does not.

/// How a filter is called and what one call gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The filter's own name (an alias shows the filter it names).
    pub filter: &'static str,
    /// Its arguments as written after the name: `SEARCH:REPLACEMENT`,
    /// optional ones in brackets (`START[:LENGTH]`), `...` for a list.
    pub arguments: &'static str,
    /// An expression that uses the filter.
    pub example: &'static str,
    /// What the expression gives, as compact JSON.
    pub result: &'static str,
}

const fn ex(
    filter: &'static str,
    arguments: &'static str,
    example: &'static str,
    result: &'static str,
) -> Example {
    Example {
        filter,
        arguments,
        example,
        result,
    }
}

/// Every filter's example, grouped as the reference groups them.
#[rustfmt::skip]
pub const EXAMPLES: &[Example] = &[
    // Higher-order: the argument is an expression run per item with `$$`.
    ex("map", "EXPR", "[{value: 2}, {value: 5}]|map:$$.value * 2", "[4,10]"),
    ex("filter", "CONDITION", "[1, 2, 3, 4]|filter:$$ % 2 == 0", "[2,4]"),
    ex("find", "CONDITION", "[{id: 1}, {id: 2}]|find:$$.id == 2", r#"{"id":2}"#),
    ex("findIndex", "CONDITION", "[{id: 1}, {id: 2}]|findIndex:$$.id == 2", "1"),
    ex("some", "CONDITION", "[2, 5]|some:$$ % 2 == 0", "true"),
    ex("every", "CONDITION", "[2, 6]|every:$$ % 2 == 0", "true"),
    ex("reduce", "EXPR[:INITIAL]", "[1, 2, 3, 4, 5]|reduce:$$ + $result:10", "25"),
    ex("transform", "EXPR", "2|transform:$$ + 3", "5"),
    // Objects.
    ex("get", "KEY[:DEFAULT]", r#"{fizz: "buzz"}|get:"fizz""#, r#""buzz""#),
    ex("set", "KEY:VALUE", r#"{fizz: "buzz"}|set:"foo":"bar""#, r#"{"fizz":"buzz","foo":"bar"}"#),
    ex("unset", "KEY", r#"{fizz: "buzz", foo: "bar"}|unset:"foo""#, r#"{"fizz":"buzz"}"#),
    ex("has", "KEY", r#"{fizz: "buzz"}|has:"fizz""#, "true"),
    ex("keys", "", "{a: 1, b: 2, c: 3}|keys", r#"["a","b","c"]"#),
    ex("values", "", "{a: 1, b: 2, c: 3}|values", "[1,2,3]"),
    ex("entries", "", "{a: 1, b: 2}|entries", r#"[{"key":"a","value":1},{"key":"b","value":2}]"#),
    ex("pick", "KEYS", r#"{a: 1, b: 2, c: 3}|pick:["a", "c"]"#, r#"{"a":1,"c":3}"#),
    ex("unpick", "KEYS", r#"{a: 1, b: 2, c: 3}|unpick:["a", "c"]"#, r#"{"b":2}"#),
    ex("set_conditional", "KEY:VALUE:CONDITION", r#"{fizz: "buzz"}|set_conditional:"foo":"bar":2 == 1 + 1"#, r#"{"fizz":"buzz","foo":"bar"}"#),
    ex("set_ifnotempty", "KEY:VALUE", r#"{fizz: "buzz"}|set_ifnotempty:"foo":"""#, r#"{"fizz":"buzz"}"#),
    ex("set_ifnotnull", "KEY:VALUE", r#"{fizz: "buzz"}|set_ifnotnull:"foo":"bar""#, r#"{"fizz":"buzz","foo":"bar"}"#),
    ex("first_notnull", "FALLBACK", "null|first_notnull:0", "0"),
    ex("first_notempty", "FALLBACK", r#"""|first_notempty:1"#, "1"),
    ex("create_object", "VALUES", r#"["a", "b", "c"]|create_object:[1, 2, 3]"#, r#"{"a":1,"b":2,"c":3}"#),
    ex("create_object_from_entries", "", r#"[{key: "a", value: 1}, {key: "b", value: 2}]|create_object_from_entries"#, r#"{"a":1,"b":2}"#),
    ex("fill_keys", "KEYS", r#""key"|fill_keys:["a", "b"]"#, r#"{"a":"key","b":"key"}"#),
    ex("merge_recursive", "OTHER", r#"{color: {favorite: ["red"]}}|merge_recursive:{color: {favorite: ["green"]}}"#, r#"{"color":{"favorite":["red","green"]}}"#),
    // Arrays.
    ex("first", "", r#"["five", "six", "seven"]|first"#, r#""five""#),
    ex("last", "", r#"["five", "six", "seven"]|last"#, r#""seven""#),
    ex("count", "", r#"["five", "six", "seven"]|count"#, "3"),
    ex("reverse", "", "[12, 13, 14]|reverse", "[14,13,12]"),
    ex("unique", "[PATH]", "[12, 13, 13, 12, 11]|unique", "[12,13,11]"),
    ex("flatten", "", "[1, [2, 3], [[4, 5]]]|flatten", "[1,2,3,4,5]"),
    ex("shuffle", "", "[3, 1, 2]|shuffle|sort", "[1,2,3]"),
    ex("slice", "OFFSET[:LENGTH]", "[1, 2, 3, 4, 5]|slice:2:2", "[3,4]"),
    ex("push", "ITEM", r#"[1, 2, 3]|push:"a""#, r#"[1,2,3,"a"]"#),
    ex("pop", "", "[1, 2, 3]|pop", "3"),
    ex("shift", "", "[1, 2, 3]|shift", "1"),
    ex("unshift", "ITEM", "[1, 2, 3]|unshift:0", "[0,1,2,3]"),
    ex("append", "ITEM[:PATH]", "[1, 2, 3]|append:4", "[1,2,3,4]"),
    ex("prepend", "ITEM[:PATH]", "[1, 2, 3]|prepend:0", "[0,1,2,3]"),
    ex("merge", "OTHER", r#"[1, 2]|merge:["a", "b"]"#, r#"[1,2,"a","b"]"#),
    ex("diff", "OTHER", "[1, 2, 3, 4]|diff:[3, 2]", "[1,4]"),
    ex("diff_assoc", "OTHER", r#"[{a: "green"}, {b: "brown"}, "red"]|diff_assoc:[{a: "green"}, "red"]"#, r#"[{"b":"brown"},"red"]"#),
    ex("intersect", "OTHER", "[1, 2, 3, 4]|intersect:[3, 2]", "[2,3]"),
    ex("intersect_assoc", "OTHER", r#"[{a: "green"}, {b: "brown"}, "red"]|intersect_assoc:[{a: "green"}, "red"]"#, r#"[{"a":"green"}]"#),
    ex("remove", "VALUE[:PATH[:STRICT]]", "[{v: 1}, {v: 2}, {v: 3}]|remove:2:v", r#"[{"v":1},{"v":3}]"#),
    ex("join", "[SEPARATOR]", r#"["Epic", "Battle"]|join:" ""#, r#""Epic Battle""#),
    ex("range", "START:END[:STEP]", "|range:10:15", "[10,11,12,13,14,15]"),
    ex("sum", "", "[1, 2, 3, 4]|sum", "10"),
    ex("avg", "", "[1, 2, 3, 4]|avg", "2.5"),
    ex("product", "", "[1, 2, 3, 4]|product", "24"),
    ex("array_min", "", "[3, 1, 2]|array_min", "1"),
    ex("array_max", "", "[3, 1, 2]|array_max", "3"),
    ex("filter_empty", "[PATH]", "[{a: 1, b: null}, {a: 0, b: 4}]|filter_empty:a", r#"[{"a":1,"b":null}]"#),
    ex("filter_empty_text", "", r#"["a", "", "b"]|filter_empty_text"#, r#"["a","b"]"#),
    ex("filter_empty_array", "", "[[1], [], [2]]|filter_empty_array", "[[1],[2]]"),
    ex("filter_empty_object", "", "[{a: 1}, {}]|filter_empty_object", r#"[{"a":1}]"#),
    ex("filter_null", "", "[1, null, 2]|filter_null", "[1,2]"),
    ex("filter_zero", "", "[1, 0, 2]|filter_zero", "[1,2]"),
    ex("filter_false", "", "[true, false, true]|filter_false", "[true,true]"),
    ex("fill", "COUNT[:VALUE]", r#""v"|fill:3"#, r#"["v","v","v"]"#),
    ex("index_by", "PATH", r#"[{id: 1, g: "x"}, {id: 2, g: "y"}, {id: 3, g: "x"}]|index_by:g"#, r#"{"x":[{"id":1,"g":"x"},{"id":3,"g":"x"}],"y":[{"id":2,"g":"y"}]}"#),
    ex("sort", "[PATH[:TYPE[:DESCENDING]]]", r#"[{v: "a", e: 20}, {v: "z", e: 10}]|sort:v:text:true"#, r#"[{"v":"z","e":10},{"v":"a","e":20}]"#),
    ex("safe_array", "", "12|safe_array", "[12]"),
    ex("in", "VALUE", "[1, 2, 3]|in:3", "true"),
    // Text.
    ex("trim", "[CHARACTERS]", r#""  Epic Battle  "|trim"#, r#""Epic Battle""#),
    ex("ltrim", "[CHARACTERS]", r#""  Epic Battle  "|ltrim"#, r#""Epic Battle  ""#),
    ex("rtrim", "[CHARACTERS]", r#""  Epic Battle  "|rtrim"#, r#""  Epic Battle""#),
    ex("to_lower", "", r#""Epic Battle"|to_lower"#, r#""epic battle""#),
    ex("to_upper", "", r#""Epic Battle"|to_upper"#, r#""EPIC BATTLE""#),
    ex("capitalize", "", r#""epic battle"|capitalize"#, r#""Epic Battle""#),
    ex("strlen", "", r#""Epic Battle"|strlen"#, "11"),
    ex("substr", "START[:LENGTH]", r#""Epic Battle"|substr:5:6"#, r#""Battle""#),
    ex("split", "[SEPARATOR]", r#""Epic Battle"|split:" ""#, r#"["Epic","Battle"]"#),
    ex("replace", "SEARCH:REPLACEMENT", r#""Hella World"|replace:"o":"a""#, r#""Hella Warld""#),
    ex("contains", "NEEDLE", r#""Epic Battle"|contains:"Battle""#, "true"),
    ex("icontains", "NEEDLE", r#""Epic Battle"|icontains:"battle""#, "true"),
    ex("starts_with", "PREFIX", r#""Epic Battle"|starts_with:"Epic""#, "true"),
    ex("istarts_with", "PREFIX", r#""Epic Battle"|istarts_with:"epic""#, "true"),
    ex("ends_with", "SUFFIX", r#""Epic Battle"|ends_with:"Battle""#, "true"),
    ex("iends_with", "SUFFIX", r#""Epic Battle"|iends_with:"battle""#, "true"),
    ex("index", "NEEDLE", r#""Epic Battle"|index:"Battle""#, "5"),
    ex("iindex", "NEEDLE", r#""Epic Battle"|iindex:"battle""#, "5"),
    ex("concat", "OTHER[:SEPARATOR]", r#""Hello"|concat:"World!":" - ""#, r#""Hello - World!""#),
    ex("sprintf", "[VALUE...]", r#""%s has %d new messages"|sprintf:"Bob":5"#, r#""Bob has 5 new messages""#),
    ex("regex_matches", "SUBJECT", r#""/^a.*c$/"|regex_matches:"abbbbc""#, "true"),
    ex("regex_get_first_match", "SUBJECT", r#""/(\\w+)@(\\w+)/"|regex_get_first_match:"test@example.com""#, r#"["test@example","test","example"]"#),
    ex("regex_get_all_matches", "SUBJECT", r#""/\\d+/"|regex_get_all_matches:"a1 b22 c333""#, r#"[["1","22","333"]]"#),
    ex("regex_replace", "REPLACEMENT:SUBJECT", r#""/\\s+/"|regex_replace:"-":"Hello   World""#, r#""Hello-World""#),
    ex("regex_quote", "[DELIMITER]", r#""Hello. How are you?"|regex_quote:"/""#, r#""Hello\\. How are you\\?""#),
    ex("escape", "", r#""say \"hi\""|escape"#, r#""say \\\"hi\\\"""#),
    ex("addslashes", "", r#"'he said "Hi!"'|addslashes"#, r#""he said \\\"Hi!\\\"""#),
    ex("number_format", "[DECIMALS[:POINT[:THOUSANDS]]]", r#"31253212.141592|number_format:2:".":",""#, r#""31,253,212.14""#),
    ex("unaccent", "", r#""études"|unaccent"#, r#""etudes""#),
    ex("strip_html", "[KEPT_TAGS]", r#""<p>Epic <b>Battle</b></p>"|strip_html"#, r#""Epic Battle""#),
    ex("list_encodings", "", "|list_encodings|first", r#""UTF-8""#),
    ex("detect_encoding", "[CANDIDATES]", r#""étude"|detect_encoding"#, r#""UTF-8""#),
    ex("to_utf8", "", r#""é"|to_utf8"#, r#""Ã©""#),
    ex("from_utf8", "", r#""études"|from_utf8"#, r#""�tudes""#),
    ex("convert_encoding", "TO:FROM", r#""études"|convert_encoding:"ISO-8859-1":"UTF-8""#, r#""�tudes""#),
    // Comparison and logic.
    ex("equals", "OTHER", "4|equals:4", "true"),
    ex("not_equals", "OTHER", "4|not_equals:4", "false"),
    ex("greater_than", "OTHER", "4|greater_than:2", "true"),
    ex("greater_than_or_equal", "OTHER", "4|greater_than_or_equal:4", "true"),
    ex("less_than", "OTHER", "4|less_than:2", "false"),
    ex("less_than_or_equal", "OTHER", "4|less_than_or_equal:4", "true"),
    ex("odd", "", "3|odd", "true"),
    ex("even", "", "4|even", "true"),
    ex("not", "", "true|not", "false"),
    // Types and conversion.
    ex("to_int", "", r#""133.45 kg"|to_int"#, "133"),
    ex("to_decimal", "", r#""133.45 kg"|to_decimal"#, "133.45"),
    ex("to_text", "", "1.344|to_text", r#""1.344""#),
    ex("to_bool", "", r#""true"|to_bool"#, "true"),
    ex("is_null", "", "8|is_null", "false"),
    ex("is_empty", "", "[]|is_empty", "true"),
    ex("is_array", "", "[1, 2, 3]|is_array", "true"),
    ex("is_object", "", "{id: 2}|is_object", "true"),
    ex("is_int", "", "123|is_int", "true"),
    ex("is_decimal", "", "123.45|is_decimal", "true"),
    ex("is_bool", "", "false|is_bool", "true"),
    ex("is_text", "", r#""213"|is_text"#, "true"),
    ex("json_encode", "", "{a: 1, b: [true, null]}|json_encode", r#""{\"a\":1,\"b\":[true,null]}""#),
    ex("json_decode", "", r#"'{"a":1,"b":2}'|json_decode"#, r#"{"a":1,"b":2}"#),
    ex("to_expr", "", r#""(2 + 1) % 2"|to_expr"#, "1"),
    ex("xml_decode", "", r#""<a>1</a>"|xml_decode"#, r#"{"a":{"@attributes":[],"value":"1"}}"#),
    ex("yaml_encode", "", "{a: 1, b: 2}|yaml_encode", r#""a: 1\nb: 2\n""#),
    ex("yaml_decode", "", r#""a: 1\nb: 2"|yaml_decode"#, r#"{"a":1,"b":2}"#),
    ex("csv_decode", "[SEPARATOR[:ENCLOSURE[:ESCAPE]]]", r#""a,b\n1,\"x, y\""|csv_decode"#, r#"[["a","b"],["1","x, y"]]"#),
    ex("csv_parse", "[SEPARATOR[:ENCLOSURE[:ESCAPE]]]", r#""name,age\nana,31"|csv_parse"#, r#"[{"name":"ana","age":"31"}]"#),
    ex("csv_encode", "[SEPARATOR[:ENCLOSURE[:ESCAPE]]]", r#"[{name: "ana", age: 31}]|csv_encode"#, r#""name,age\nana,31\n""#),
    ex("csv_create", "ROWS[:SEPARATOR[:ENCLOSURE[:ESCAPE]]]", r#"["name", "age"]|csv_create:[["ana", 31]]"#, r#""name,age\nana,31\n""#),
    ex("dechex", "", r#""255"|dechex"#, r#""ff""#),
    ex("hexdec", "", r#""ff"|hexdec"#, r#""255""#),
    ex("decbin", "", r#""10"|decbin"#, r#""1010""#),
    ex("bindec", "", r#""1010"|bindec"#, r#""10""#),
    ex("decoct", "", r#""10"|decoct"#, r#""12""#),
    ex("octdec", "", r#""12"|octdec"#, r#""10""#),
    ex("base_convert", "FROM_BASE:TO_BASE", r#""ff"|base_convert:16:10"#, r#""255""#),
    // Encoding and hashing.
    ex("url_encode", "", r#""Hello, World!"|url_encode"#, r#""Hello%2C%20World%21""#),
    ex("url_decode", "", r#""Hello%2C+World%21"|url_decode"#, r#""Hello, World!""#),
    ex("url_encode_rfc3986", "", r#""Hello, World!"|url_encode_rfc3986"#, r#""Hello%2C%20World%21""#),
    ex("url_decode_rfc3986", "", r#""a+b%21"|url_decode_rfc3986"#, r#""a+b!""#),
    ex("base64_encode", "", r#""hello"|base64_encode"#, r#""aGVsbG8=""#),
    ex("base64_decode", "", r#""aGVsbG8="|base64_decode"#, r#""hello""#),
    ex("base64_encode_urlsafe", "", r#""hello?"|base64_encode_urlsafe"#, r#""aGVsbG8_""#),
    ex("base64_decode_urlsafe", "", r#""aGVsbG8_"|base64_decode_urlsafe"#, r#""hello?""#),
    ex("bin2hex", "", r#""hello"|bin2hex"#, r#""68656c6c6f""#),
    ex("hex2bin", "", r#""68656c6c6f"|hex2bin"#, r#""hello""#),
    ex("md5", "[RAW]", r#""some_message"|md5"#, r#""af8a2aae147de3350f6c0f1a075ede5d""#),
    ex("sha1", "[RAW]", r#""abc"|sha1"#, r#""a9993e364706816aba3e25717850c26c9cd0d89d""#),
    ex("sha256", "[RAW]", r#""abc"|sha256"#, r#""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#),
    ex("sha384", "[RAW]", r#""abc"|sha384|substr:0:16"#, r#""cb00753f45a35e8b""#),
    ex("sha512", "[RAW]", r#""abc"|sha512|substr:0:16"#, r#""ddaf35a193617aba""#),
    ex("hmac_md5", "KEY[:RAW]", r#""some_message"|hmac_md5:"MY_SECRET_KEY""#, r#""c4c1007ea935001cc7734b360395fb1d""#),
    ex("hmac_sha1", "KEY[:RAW]", r#""what do ya want for nothing?"|hmac_sha1:"Jefe""#, r#""effcdf6ae5eb2fa2d27416d5f184df9c259a7c79""#),
    ex("hmac_sha256", "KEY[:RAW]", r#""what do ya want for nothing?"|hmac_sha256:"Jefe""#, r#""5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843""#),
    ex("hmac_sha384", "KEY[:RAW]", r#""what do ya want for nothing?"|hmac_sha384:"Jefe"|substr:0:16"#, r#""af45d2e376484031""#),
    ex("hmac_sha512", "KEY[:RAW]", r#""what do ya want for nothing?"|hmac_sha512:"Jefe"|substr:0:16"#, r#""164b7a7bfcf819e2""#),
    ex("encrypt", "ALGORITHM:KEY:IV", r#""hello"|encrypt:"aes-192-cbc":"1494AX6XJUsDe51kF9S9sA==":"27222b6032574bad"|base64_encode"#, r#""uZntWiCtcnw1l8rA6X7bbA==""#),
    ex("decrypt", "ALGORITHM:KEY:IV", r#""uZntWiCtcnw1l8rA6X7bbA=="|base64_decode|decrypt:"aes-192-cbc":"1494AX6XJUsDe51kF9S9sA==":"27222b6032574bad""#, r#""hello""#),
    ex("jws_encode", "HEADERS:KEY[:ALGORITHM[:TTL]]", r#""hello"|jws_encode:{}:"a-string-secret-at-least-256-bits-long":"HS256""#, r#""eyJhbGciOiJIUzI1NiJ9.ImhlbGxvIg.M04DWt8vKDi9wbBi1MSTjlCkDJXIOVPouxV3dJybRoo""#),
    ex("jws_decode", "CHECK_CLAIMS:KEY[:ALGORITHM[:TIME_DRIFT]]", r#""eyJhbGciOiJIUzI1NiJ9.ImhlbGxvIg.M04DWt8vKDi9wbBi1MSTjlCkDJXIOVPouxV3dJybRoo"|jws_decode:{}:"a-string-secret-at-least-256-bits-long":"HS256""#, r#""hello""#),
    ex("jwe_encode", "HEADERS:KEY[:KEY_ALGORITHM[:CONTENT_ALGORITHM[:TTL]]]", r#""hello"|jwe_encode:{}:"0123456789abcdef0123456789abcdef":"A256KW":"A256CBC-HS512"|jwe_decode:{}:"0123456789abcdef0123456789abcdef""#, r#""hello""#),
    ex("jwe_decode", "CHECK_CLAIMS:KEY[:KEY_ALGORITHM[:CONTENT_ALGORITHM[:TIME_DRIFT]]]", r#""eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..Vds9dQEDZ2P-11_O.6IQRAwZklJTfroOasEvqLjEPsR4.Rfty_04pgn-YsVpP9zIlVQ"|jwe_decode:{}:"0123456789abcdef0123456789abcdef":"dir":"A256GCM""#, r#""plain text, not JSON""#),
    ex("uuid", "", "|uuid|strlen", "36"),
    ex("create_uid", "", "|create_uid|is_int", "true"),
    ex("querystring_parse", "", r#""foo=bar&fiz=buz"|querystring_parse"#, r#"{"foo":"bar","fiz":"buz"}"#),
    // URLs.
    ex("url_addarg", "KEY:VALUE[:RFC3986]", r#""https://example.com?foo=bar"|url_addarg:"fiz":"buz""#, r#""https://example.com?foo=bar&fiz=buz""#),
    ex("url_delarg", "KEY", r#""https://example.com?foo=bar&fiz=buz"|url_delarg:"fiz""#, r#""https://example.com?foo=bar""#),
    ex("url_hasarg", "KEY", r#""https://example.com?foo=bar"|url_hasarg:"foo""#, "true"),
    ex("url_getarg", "KEY[:DEFAULT]", r#""https://example.com?foo=bar"|url_getarg:"foo""#, r#""bar""#),
    ex("url_parse", "", r#""https://example.com:8080/path?foo=bar#top"|url_parse"#, r#"{"scheme":"https","host":"example.com","port":8080,"path":"/path","query":"foo=bar","fragment":"top"}"#),
    // Math.
    ex("add", "NUMBER", "2|add:3", "5"),
    ex("subtract", "NUMBER", "2|subtract:3", "-1"),
    ex("multiply", "NUMBER", "2|multiply:3", "6"),
    ex("divide", "NUMBER", "20|divide:4", "5"),
    ex("modulus", "NUMBER", "20|modulus:3", "2"),
    ex("floor", "", "2.5|floor", "2"),
    ex("ceil", "", "2.5|ceil", "3"),
    ex("round", "[PRECISION]", "2.5432|round:1", "2.5"),
    ex("abs", "", "-10|abs", "10"),
    ex("sqrt", "", "9|sqrt", "3.0"),
    ex("pow", "EXPONENT", "10|pow:2", "100"),
    ex("min", "[OTHER]", "5|min:2", "2"),
    ex("max", "[OTHER]", "5|max:20", "20"),
    ex("bitwise_and", "NUMBER", "7|bitwise_and:3", "3"),
    ex("bitwise_or", "NUMBER", "7|bitwise_or:9", "15"),
    ex("bitwise_xor", "NUMBER", "7|bitwise_xor:9", "14"),
    ex("bitwise_not", "", "8|bitwise_not", "-9"),
    ex("deg2rad", "", "180|deg2rad", "3.141592653589793"),
    ex("rad2deg", "", "3.141592653589793|rad2deg", "180.0"),
    ex("sin", "", "0|sin", "0.0"),
    ex("cos", "", "0|cos", "1.0"),
    ex("tan", "", "0|tan", "0.0"),
    ex("asin", "", "1|asin", "1.5707963267948966"),
    ex("acos", "", "1|acos", "0.0"),
    ex("atan", "", "1|atan", "0.7853981633974483"),
    ex("sinh", "", "0|sinh", "0.0"),
    ex("cosh", "", "0|cosh", "1.0"),
    ex("tanh", "", "0|tanh", "0.0"),
    ex("asinh", "", "0|asinh", "0.0"),
    ex("acosh", "", "1|acosh", "0.0"),
    ex("atanh", "", "0|atanh", "0.0"),
    ex("ln", "", "1|ln", "0.0"),
    ex("exp", "", "0|exp", "1.0"),
    ex("log", "[BASE]", "8|log:2", "3.0"),
    ex("log10", "", "100|log10", "2.0"),
    // Timestamps (epoch milliseconds; zones by IANA name, UTC by default).
    ex("format_timestamp", "[FORMAT[:ZONE]]", r#"1692132330000|format_timestamp:"Y-m-d H:i:s":"America/New_York""#, r#""2023-08-15 16:45:30""#),
    ex("to_timestamp", "[ZONE]", r#""2023-08-15 13:45:30"|to_timestamp:"America/Los_Angeles""#, "1692132330000"),
    ex("to_ms", "[ZONE]", r#""2023-08-15T20:45:30Z"|to_ms"#, "1692132330000"),
    ex("to_seconds", "[ZONE]", r#""2023-08-15T20:45:30Z"|to_seconds"#, "1692132330"),
    ex("to_minutes", "[ZONE]", r#""2023-08-15T20:45:30Z"|to_minutes"#, "28202205"),
    ex("to_hours", "[ZONE]", r#""2023-08-15T20:45:30Z"|to_hours"#, "470036"),
    ex("to_days", "[ZONE]", r#""2023-08-15T20:45:30Z"|to_days"#, "19584"),
    ex("parse_timestamp", "FORMAT[:ZONE]", r#""2023-08-15 13:45:30"|parse_timestamp:"Y-m-d H:i:s":"America/Los_Angeles""#, "1692132330000"),
    ex("transform_timestamp", "CHANGE[:ZONE]", r#""2023-08-15T20:45:30Z"|transform_timestamp:"-7 days""#, "1691527530000"),
    ex("add_secs_to_timestamp", "SECONDS", "1691527530000|add_secs_to_timestamp:60", "1691527590000"),
    ex("add_ms_to_timestamp", "MILLISECONDS", "1691527530000|add_ms_to_timestamp:500", "1691527530500"),
    ex("timestamp_year", "[ZONE]", "1692132330000|timestamp_year", "2023"),
    ex("timestamp_month", "[ZONE]", "1692132330000|timestamp_month", "8"),
    ex("timestamp_day_of_month", "[ZONE]", "1692132330000|timestamp_day_of_month", "15"),
    ex("timestamp_day_of_week", "[ZONE]", "1692132330000|timestamp_day_of_week", "2"),
    ex("timestamp_day_of_year", "[ZONE]", "1692132330000|timestamp_day_of_year", "227"),
    ex("timestamp_hour", "[ZONE]", r#"1692132330000|timestamp_hour:"America/New_York""#, "16"),
    ex("timestamp_minute", "[ZONE]", "1692132330000|timestamp_minute", "45"),
    ex("timestamp_second", "[ZONE]", "1692132330000|timestamp_second", "30"),
    ex("timestamp_epoch_seconds", "", "1692132330000|timestamp_epoch_seconds", "1692132330"),
    ex("timestamp_epoch_ms", "", r#""2023-08-15T20:45:30Z"|timestamp_epoch_ms"#, "1692132330000"),
];

/// The example of the filter `name` is (or of the filter an alias names).
pub fn example(name: &str) -> Option<&'static Example> {
    let filter = super::lookup(name)?;
    EXAMPLES
        .iter()
        .find(|example| example.filter == filter.name)
}

/// An argument list split into its names, each with whether it is optional:
/// `START[:LENGTH]` → `[("START", false), ("LENGTH", true)]`.
pub fn argument_names(arguments: &str) -> Vec<(&str, bool)> {
    let optional_from = arguments.find('[').unwrap_or(arguments.len());
    let mut names = Vec::new();
    let mut start = 0;
    let ends = arguments.char_indices().chain([(arguments.len(), ':')]);
    for (at, c) in ends {
        if matches!(c, ':' | '[' | ']') {
            if at > start {
                names.push((&arguments[start..at], start >= optional_from));
            }
            start = at + 1;
        }
    }
    names
}
