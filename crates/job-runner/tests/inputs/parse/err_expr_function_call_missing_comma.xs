math.add(5 3)
