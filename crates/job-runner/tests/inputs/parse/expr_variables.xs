[$x, $input.a, $env.NAME, $var.x, $$, $$.name, $index, $0]
