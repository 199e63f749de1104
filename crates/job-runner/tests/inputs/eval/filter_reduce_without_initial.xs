function "main" {
  stack {
  }
  response = {
    sum_from_null: [1, 2, 3]|reduce:$result + $$,
    concat: ["a", "b", "c"]|reduce:$result ~ $$:"",
    object_build: [{k: "x", v: 1}, {k: "y", v: 2}]|reduce:($result|set:$$.k:$$.v):{}
  }
}
