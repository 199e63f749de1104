#!/usr/bin/env bash
# Times `runner-cli check` over a folder of 700 job folders (issue 3's target:
# under 1 s). The folders are copies of the shipped job and of three variants
# (data shaping with loops and filters, an API call, a job split over several
# function files that call each other), each with a job name of its own so
# check reports no duplicate names. Nothing runs: check only loads and checks.
#
# Usage: bench/check_700.sh [COUNT]   (from anywhere; COUNT defaults to 700)
# Needs: a release build (made here) and hyperfine (installed from Debian when
# missing and root; otherwise bash's `time` is used).
set -euo pipefail

count="${1:-700}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/check-700.XXXXXX")"
trap 'rm -rf "$work"' EXIT
jobs_dir="$work/jobs"
mkdir -p "$jobs_dir"

echo "building runner-cli (release)..." >&2
cargo build --release --quiet -p runner-cli --manifest-path "$repo/Cargo.toml"
target_dir="$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" \
  | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
cli="$target_dir/release/runner-cli"

# --- the variants, as template folders whose run.xs name ends in @N@ ---------
templates="$work/templates"
mkdir -p "$templates"

cp -r "$repo/jobs/make-trigger-scenario" "$templates/make"
sed -i 's/run.job "Trigger Make Scenario"/run.job "Trigger Make Scenario @N@"/' "$templates/make/run.xs"

mkdir -p "$templates/shaping/function"
cat > "$templates/shaping/run.xs" <<'XS'
run.job "Shape Orders @N@" {
  description = "Totals, filters and reshapes a list of orders"
  main = {
    name: "shape_orders"
    input: {
      orders: [{ id: 1, total: 120.5, status: "paid" }, { id: 2, total: 15, status: "open" }]
      minimum: 10
    }
  }
}
XS
cat > "$templates/shaping/function/shape_orders.xs" <<'XS'
// Keeps the paid orders above a minimum and summarises them.
function "shape_orders" {
  input {
    json orders
    decimal minimum?=0
  }
  stack {
    var $paid { value = [] }
    var $sum { value = 0 }
    foreach ($input.orders) {
      each as $order {
        conditional {
          if ($order.status == "paid" && $order.total >= $input.minimum) {
            array.push $paid { value = $order }
            var.update $sum { value = $sum + $order.total }
          }
          else {
            debug.log { value = "skipped order " ~ $order.id }
          }
        }
      }
    }
    var $ids { value = $paid|map:$$.id }
    var $label { value = ($ids|count) ~ " paid orders: " ~ ($ids|join:", ") }
  }
  response = { label: $label, sum: $sum|round:2, ids: $ids }
}
XS

mkdir -p "$templates/api/function"
cat > "$templates/api/run.xs" <<'XS'
run.job "Fetch Items @N@" {
  main = { name: "fetch_items", input: { page: 1 } }
  env = ["items_api_key"]
}
XS
cat > "$templates/api/function/fetch_items.xs" <<'XS'
function "fetch_items" {
  input {
    int page?=1
  }
  stack {
    api.request {
      url = "https://api.example.com/items"
      method = "GET"
      params = { page: $input.page }
      headers = ["Authorization: Bearer " ~ $env.items_api_key]
      timeout = 10
    } as $response
    precondition ($response.response.status == 200) {
      error_type = "standard"
      error = "the items API answered " ~ $response.response.status
    }
  }
  response = $response.response.result
}
XS

mkdir -p "$templates/split/function/helpers"
cat > "$templates/split/run.xs" <<'XS'
run.job "Fibonacci @N@" {
  main = { name: "fibonacci_list", input: { n: 20 } }
}
XS
cat > "$templates/split/function/fibonacci_list.xs" <<'XS'
function "fibonacci_list" {
  input {
    int n
  }
  stack {
    var $list { value = [] }
    for ($input.n) {
      each as $i {
        function.run "helpers/fibonacci" { input = { n: $i } } as $value
        array.push $list { value = $value }
      }
    }
  }
  response = $list
}
XS
cat > "$templates/split/function/helpers/fibonacci.xs" <<'XS'
function "helpers/fibonacci" {
  input {
    int n
  }
  stack {
    var $a { value = 0 }
    var $b { value = 1 }
    var $left { value = $input.n }
    while ($left > 0) {
      each {
        var $next { value = $a + $b }
        var.update $a { value = $b }
        var.update $b { value = $next }
        var.update $left { value = $left - 1 }
      }
    }
  }
  response = $a
}
XS

# --- 700 folders, cycling through the variants --------------------------------
variants=(make shaping api split)
for ((i = 0; i < count; i++)); do
  variant="${variants[i % ${#variants[@]}]}"
  folder="$jobs_dir/$(printf '%s-%03d' "$variant" "$i")"
  cp -r "$templates/$variant" "$folder"
  sed -i "s/@N@/$(printf '%03d' "$i")/" "$folder/run.xs"
done

# One untimed run: the folders must check clean, or the time means nothing.
if ! "$cli" check "$jobs_dir" >"$work/check.out" 2>&1; then
  echo "runner-cli check reported problems in the generated jobs:" >&2
  head -n 40 "$work/check.out" >&2
  exit 1
fi
tail -n 1 "$work/check.out" >&2

if ! command -v hyperfine >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
fi
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs 20 --style basic -N "$cli check $jobs_dir"
else
  for _ in 1 2 3; do "$cli" check "$jobs_dir" 2>/dev/null; done
  time (for _ in 1 2 3 4 5 6 7 8 9 10; do "$cli" check "$jobs_dir" 2>/dev/null; done)
  echo "(10 runs: divide the real time by 10)"
fi
