$s|trim|to_lower|substr:0:5
