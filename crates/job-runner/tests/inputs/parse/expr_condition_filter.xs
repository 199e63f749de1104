$items[$$.active == true]
