"""String building over 15,000 characters, ported from
bench/interp/jobs/string-build: one character at a time, chosen from the
index, with a separator every 100 characters; then the vowels are counted."""
import json

alphabet = "abcdefghijklmnopqrstuvwxyz"
text = ""
i = 0
while i < 15000:
    if i % 100 == 99:
        text = text + "\n"
    else:
        text = text + alphabet[i % 26]
    i += 1
vowels = 0
for ch in text:
    if ch in "aeiou":
        vowels += 1
print(json.dumps({"length": len(text), "vowels": vowels, "tail": text[-10:]}))
