function "main" {
  stack {
    var $people { value = [{n: "bob", a: 30}, {n: "Ann", a: 9}, {n: "cy", a: 100}] }
  }
  response = {
    by_number: ($people|sort:"a":"number")|map:$$.n,
    by_text: ($people|sort:"n":"text")|map:$$.n,
    by_itext: ($people|sort:"n":"itext")|map:$$.n,
    plain: [3, 10, 2]|sort,
    plain_desc: [3, 10, 2]|sort:"":"number":true
  }
}
