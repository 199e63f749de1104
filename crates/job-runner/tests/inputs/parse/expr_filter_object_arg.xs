$obj|set:"stats":{ count: $posts|count }|merge:[1, 2]
