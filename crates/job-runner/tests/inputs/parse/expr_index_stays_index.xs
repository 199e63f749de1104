$items[0]
