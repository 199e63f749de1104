$response.items.0.name ~ $a[0] ~ $a[$i + 1].b ~ $a.if.else.true ~ $m["key"][1]
