// The array filters this runner lacked, with the reference's examples.
function "main" {
  stack {
  }
  response = {
    range: |range:10:15,
    filter_empty_path: [{a: 1, b: null}, {a: 0, b: 4}]|filter_empty:a,
    fsort: [{v: "a", e: 20}, {v: "z", e: 10}]|fsort:v:text:true,
    array_shuffle_count: [1, 2, 3, 4]|array_shuffle|count,
    array_diff: [1, 2, 3, 4]|array_diff:[3, 2],
    diff_assoc: [{"a": "green"}, {"b": "brown"}, {"c": "blue"}, "red"]|diff_assoc:[{"a": "green"}, "yellow", "red"],
    intersect_assoc: [{"a": "green"}, {"b": "brown"}, {"c": "blue"}, "red"]|intersect_assoc:[{"a": "green"}, {"b": "yellow"}, "blue", "red"],
    merge_recursive: {color: {favorite: ["red"]}}|merge_recursive:{color: {favorite: ["green", "blue"]}},
    array_push: [1, 2, 3]|array_push:"a",
    array_pop: [1, 2, 3]|array_pop,
    array_unshift: [1, 2, 3]|array_unshift:0,
    remove: [{v: 1}, {v: 2}, {v: 3}]|remove:{v: 2},
    remove_at_path: [{v: 1}, {v: 2}, {v: "2"}]|remove:2:v:true,
    append: [1, 2, 3]|append:4,
    append_at_path: {list: [1]}|append:2:list,
    prepend: [1, 2, 3]|prepend:0,
    array_slice: [1, 2, 3, 4, 5]|array_slice:2:2,
    array_keys: {"a": 1, "b": 2, "c": 3}|array_keys,
    array_values: {"a": 1, "b": 2, "c": 3}|array_values,
    array_entries: {"a": 1, "b": 2}|array_entries,
    unique_path: [{id: 1, n: "a"}, {id: 1, n: "b"}, {id: 2, n: "c"}]|unique:id
  }
}
