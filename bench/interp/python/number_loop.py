"""Number loop over 600 ints, ported from bench/interp/jobs/number-loop: for
each n in 1..600, its Collatz steps and whether it is prime by trial
division, with while loops, %, and comparisons."""
import json

steps_total = 0
primes = 0
n = 1
while n <= 600:
    x = n
    steps = 0
    while x != 1:
        if x % 2 == 0:
            x = x // 2
        else:
            x = 3 * x + 1
        steps += 1
    steps_total += steps
    if n >= 2:
        d = 2
        prime = True
        while d * d <= n:
            if n % d == 0:
                prime = False
                break
            d += 1
        if prime:
            primes += 1
    n += 1
print(json.dumps({"collatz_steps": steps_total, "primes": primes}))
