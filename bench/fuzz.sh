#!/usr/bin/env bash
# Fuzzes the parser (`parse`) and parse+execute under tight limits
# (`parse_execute`), one after the other, SECONDS each (default 600).
# cargo-fuzz wants nightly; on the stable toolchain RUSTC_BOOTSTRAP=1 lets it
# use the nightly flags it needs. The corpus is seeded from every .xs file of
# the tests and the shipped jobs, and grows in fuzz/corpus/ (git-ignored).
# Crashes land in fuzz/artifacts/TARGET/; see bench/README.md for what to do.
#
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail

seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse parse_execute)
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
export RUSTC_BOOTSTRAP=1

cd "$repo/fuzz"
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  while IFS= read -r -d '' seed; do
    name="${seed#"$repo"/}"
    cp -n "$seed" "corpus/$target/seed_${name//\//_}"
  done < <(find "$repo/crates/job-runner/tests" "$repo/jobs" -name '*.xs' -print0)
done
for target in "${targets[@]}"; do
  echo "fuzzing $target for ${seconds}s..." >&2
  nice -n 10 cargo fuzz run -O "$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -dict=xanoscript.dict -print_final_stats=1
done
