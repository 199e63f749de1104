"""A 1,000,000-iteration while loop, ported from bench/interp/jobs/loop-1m."""
import json

i = 0
while i < 1000000:
    i = i + 1
print(json.dumps(i))
