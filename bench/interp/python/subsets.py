"""Every subset of 12 numbers, ported from bench/interp/jobs/subsets: for each
number, the subsets so far are merged with copies of them that also hold it
(XanoScript's |map, |append and |merge build new arrays); then the subsets
whose sum is divisible by 7 are counted."""
import json

numbers = [3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610]
subsets = [[]]
for n in numbers:
    subsets = subsets + [s + [n] for s in subsets]
divisible = 0
for s in subsets:
    total = 0
    for x in s:
        total += x
    if total % 7 == 0:
        divisible += 1
print(json.dumps({"subsets": len(subsets), "sum_divisible_by_7": divisible}))
