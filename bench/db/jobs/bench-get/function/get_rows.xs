// COUNT db.get by an indexed text field, spread over ROWS rows.
function "get_rows" {
  input {
    int count
    int rows
  }
  stack {
    var $found { value = 0 }
    for ($input.count) {
      each as $i {
        db.get "row" {
          field_name = "key"
          field_value = "k" ~ (($i * 7919) % $input.rows)
        } as $row
        conditional {
          if ($row != null) {
            math.add $found { value = 1 }
          }
        }
      }
    }
  }
  response = $found
}
