math.add(5, math.mul(2, 3)) + (object.keys({a: 1, b: 2})|count)
