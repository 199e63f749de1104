// `==?` and friends are true when the right side is null, else the plain comparison.
function "main" {
  stack {
    var $missing { value = null }
  }
  response = {
    eq_null: 5 ==? $missing,
    eq: 5 ==? 5,
    eq_false: 5 ==? 6,
    ne_null: 5 !=? $missing,
    ne: 5 !=? 5,
    lt_null: 5 <? $missing,
    lt: 5 <? 3,
    le: 3 <=? 3,
    gt_null: 1 >? $missing,
    gt: 1 >? 2,
    ge: "b" >=? "a",
    left_null_is_compared: null ==? 0
  }
}
