// set_ifnotempty and set_ifnotnull set only when the value qualifies; set_conditional when its condition holds.
function "main" {
  stack {
  }
  response = { notempty_skip: {}|set_ifnotempty:"a":"", notempty_set: {}|set_ifnotempty:"a":"x", notnull_skip: {}|set_ifnotnull:"a":null, notnull_zero: {}|set_ifnotnull:"a":0, cond_yes: {}|set_conditional:"a":1:true, cond_no: {}|set_conditional:"a":1:false }
}
