function "main" {
  stack {
  }
  response = {
    fill: null|fill:3:"x",
    range: null|range:1:5,
    filter_empty: [1, null, "", 0, "text", false]|filter_empty,
    index_by: [{g: "a", v: 1}, {g: "b", v: 2}, {g: "a", v: 3}]|index_by:"g",
    sort_desc: [{n: "z"}, {n: "a"}]|sort:"n":"text":true,
    diff: [1, 2, 3]|diff:[2],
    intersect: [1, 2, 3]|intersect:[2, 3, 4],
    number_format: 1234567.891|number_format:2
  }
}
