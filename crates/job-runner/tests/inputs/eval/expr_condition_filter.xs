// `array[condition]` keeps the elements whose condition is true; `$$` is the element.
function "main" {
  stack {
    var $stores { value = [{ id: 1, category: "retail" }, { id: 2, category: "online" }, { id: 3, category: "retail" }] }
  }
  response = $stores[$$.category == "retail"]
}
