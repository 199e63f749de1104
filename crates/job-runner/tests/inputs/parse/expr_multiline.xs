$a
  |map:$$.price * $$.qty
  |reduce:$$ + $result:0
  |round:2
