// Higher-order filters on null behave as on an empty array.
function "main" {
  stack {
    var $nothing { value = null }
  }
  response = { map: $nothing|map:$$, filter: $nothing|filter:$$, count: $nothing|count }
}
