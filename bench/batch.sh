#!/usr/bin/env bash
# Benchmarks of issue 5, against a local Make stand-in (bench/server):
#   1. one trigger: `runner-cli execute` versus curl posting the same body;
#   2. throughput: `--each` of 10,000 records, no rate cap, versus wrk;
#   3. journal cost: fsync every second (default) versus every entry;
#   4. memory: peak RSS of `--each` over 1,000,000 records.
# Usage: bench/batch.sh [--quick]   (--quick: 100,000 records for the memory run)
# Installs wrk, hyperfine and GNU time from Debian's packages when missing.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
port="${BENCH_PORT:-18080}"
memory_records=1000000
if [[ "${1:-}" == "--quick" ]]; then memory_records=100000; fi
token="benchbenchbenchbenchbenchbench42"
url="http://127.0.0.1:${port}/${token}"
job="Trigger Make Scenario"
work="$(mktemp -d)"
cli="$root/target/release/runner-cli"
server="$root/target/release/bench-make-server"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release -q -p runner-cli
(cd bench/server && CARGO_TARGET_DIR="$root/target" cargo build --release -q)
(cd bench/client-ceiling && CARGO_TARGET_DIR="$root/target" cargo build --release -q)

"$server" "$port" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:${port}/count" >/dev/null && break; sleep 0.1; done

export make_webhook_url="$url" RUST_LOG=off
posted() { curl -fs "http://127.0.0.1:${port}/count"; }

echo "## 1. one trigger: runner-cli execute versus curl (same body, same server)"
# The body runner-cli sends for the job's default inputs.
printf '%s' '{"scenario_name":"xano-data-sync","triggered_at":"2024-01-15T10:30:00.000Z","data":{"event":"user_signup","user_id":12345,"email":"user@example.com","plan":"premium","timestamp":"2024-01-15T10:30:00Z"}}' > "$work/body.json"
hyperfine -N --warmup 10 --runs 200 --export-json "$work/single.json" \
  -n runner-cli "$cli --jobs-dir jobs execute --job '$job'" \
  -n curl "curl -fsS -o /dev/null -X POST -H 'content-type: application/json' -H 'idempotency-key: 5b6f0c1e-2d1a-4c9e-9a43-2f1d0c1e2d1a' --data-binary @$work/body.json $url"
python3 - "$work/single.json" <<'PY'
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
cli, curl = runs["runner-cli"]["mean"], runs["curl"]["mean"]
print(f"single trigger: runner-cli {cli*1000:.2f} ms, curl {curl*1000:.2f} ms, ratio {cli/curl:.2f}x (target <= 1.5x)")
PY

echo "## 2. throughput: --each 10,000 records, no rate cap, versus wrk"
python3 -c '
import json
for i in range(10000):
    print(json.dumps({"payload": {"id": i, "email": f"user{i}@example.com", "plan": "premium"}}))
' > "$work/10k.jsonl"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = io.open("$work/body.json"):read("*a")
wrk.headers["content-type"] = "application/json"
LUA
wrk_rate=$(wrk -t2 -c16 -d8s -s "$work/post.lua" "$url" | awk '/Requests\/sec/ {print $2}')
echo "wrk (2 threads, 16 connections): ${wrk_rate} requests/s"
ceiling=$("$root/target/release/bench-client-ceiling" "$url" 8)
python3 -c "print(f'reqwest alone (16 in flight, 2 threads): $ceiling requests/s, {$ceiling / float(\"$wrk_rate\") * 100:.0f}% of wrk: the ceiling of any sender built on it')"
for concurrency in 4 16; do
  rm -f "$work"/10k.jsonl.*
  before=$(posted)
  start=$(date +%s.%N)
  RUNNER_MAKE_RATE=off "$cli" --jobs-dir jobs execute --job "$job" --each "$work/10k.jsonl" \
    --concurrency "$concurrency" > /dev/null 2> "$work/each.err" || { cat "$work/each.err"; exit 1; }
  end=$(date +%s.%N)
  sent=$(( $(posted) - before ))
  python3 -c "
sent, seconds, wrk = $sent, $end - $start, float('$wrk_rate')
rate = 10000 / seconds
print(f'--each --concurrency $concurrency: {sent} requests, {seconds:.2f} s, {rate:.0f} records/s, {rate / wrk * 100:.0f}% of wrk (target >= 50%)')
"
done

echo "## 3. journal: fsync at most once a second (default) versus after every entry"
for sync in interval each; do
  rm -f "$work"/10k.jsonl.*
  start=$(date +%s.%N)
  RUNNER_JOURNAL_SYNC=$sync RUNNER_MAKE_RATE=off "$cli" --jobs-dir jobs execute --job "$job" \
    --each "$work/10k.jsonl" --concurrency 16 > /dev/null 2>&1
  end=$(date +%s.%N)
  python3 -c "print(f'journal sync $sync: {10000 / ($end - $start):.0f} records/s')"
done

echo "## 4. memory: peak RSS of --each over ${memory_records} records"
python3 -c "
import json
for i in range($memory_records):
    print(json.dumps({'payload': {'id': i, 'email': f'user{i}@example.com'}}))
" > "$work/big.jsonl"
ls -l "$work/big.jsonl" | awk '{printf "input: %.0f MB\n", $5 / 1e6}'
for records in 10000 "$memory_records"; do
  head -n "$records" "$work/big.jsonl" > "$work/part.jsonl"
  rm -f "$work"/part.jsonl.*
  RUNNER_MAKE_RATE=off /usr/bin/time -v "$cli" --jobs-dir jobs execute --job "$job" \
    --each "$work/part.jsonl" --concurrency 16 > /dev/null 2> "$work/time.err"
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.err")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.err")
  echo "${records} records: peak RSS $((rss / 1024)) MB, wall ${wall} (target < 64 MB)"
done
