#!/usr/bin/env bash
# Issue 10's database benchmark: 100,000 `db.add` in one transaction and
# 10,000 `db.get` on an indexed field, run by runner-cli (release build,
# whole process: start, schema sync, interpreter, database), beside the same
# work done by Python's sqlite3 module and by the sqlite3 CLI / psql reading
# a script. SQLite always; PostgreSQL when RUNNER_BENCH_POSTGRES (or
# RUNNER_TEST_POSTGRES) holds a URL. RUNS (default 3) runs each; prints the
# median seconds and the runner's ratio to each baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
ADDS=${ADDS:-100000}
GETS=${GETS:-10000}
PG=${RUNNER_BENCH_POSTGRES:-${RUNNER_TEST_POSTGRES:-}}

cargo build --release -q -p runner-cli
RUNNER=$PWD/target/release/runner-cli
JOBS=$PWD/bench/db/jobs
BASE=$PWD/bench/db/baseline.py
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

seconds() { # command... -> wall seconds of one run
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2> "$WORK/stderr" || { cat "$WORK/stderr" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# The median of RUNS runs of a function measuring "add" (each on a fresh
# table) or "get" (on the table the last "add" filled).
measure() {
    local run=$1 what=$2
    for _ in $(seq "$RUNS"); do "$run" "$what"; done | median
}

runner_sqlite() {
    local db="$WORK/runner.sqlite"
    if [ "$1" = add ]; then rm -f "$db"*; fi
    local job="Bench Add"; [ "$1" = get ] && job="Bench Get"
    seconds "$RUNNER" --quiet --jobs-dir "$JOBS" execute --job "$job" --database "sqlite://$db" \
        --input "count=$([ "$1" = add ] && echo "$ADDS" || echo "$GETS")" $([ "$1" = get ] && echo "--input rows=$ADDS")
}

python_sqlite() {
    local db="$WORK/python.sqlite"
    if [ "$1" = add ]; then rm -f "$db"*; fi
    python3 "$BASE" python "$1" "$([ "$1" = add ] && echo "$ADDS" || echo "$GETS")" "$ADDS" "$db"
}

cli_sqlite() {
    local db="$WORK/cli.sqlite"
    if [ "$1" = add ]; then rm -f "$db"*; fi
    python3 "$BASE" script "$1" "$([ "$1" = add ] && echo "$ADDS" || echo "$GETS")" "$ADDS" > "$WORK/$1.sql"
    seconds sqlite3 -cmd "PRAGMA journal_mode=WAL" "$db" ".read $WORK/$1.sql"
}

runner_postgres() {
    if [ "$1" = add ]; then psql -q "$PG" -c 'DROP SCHEMA IF EXISTS bench_runner CASCADE' 2>/dev/null; fi
    local job="Bench Add"; [ "$1" = get ] && job="Bench Get"
    # The runner's tables in a schema of their own, named in the URL.
    local url="$PG"
    psql -q "$PG" -c 'CREATE SCHEMA IF NOT EXISTS bench_runner' > /dev/null 2>&1
    seconds "$RUNNER" --quiet --jobs-dir "$JOBS" execute --job "$job" \
        --database "$url?options=-c%20search_path%3Dbench_runner" \
        --input "count=$([ "$1" = add ] && echo "$ADDS" || echo "$GETS")" $([ "$1" = get ] && echo "--input rows=$ADDS")
}

cli_postgres() {
    if [ "$1" = add ]; then psql -q "$PG" -c 'DROP SCHEMA IF EXISTS bench_psql CASCADE; CREATE SCHEMA bench_psql' > /dev/null 2>&1; fi
    python3 "$BASE" script "$1" "$([ "$1" = add ] && echo "$ADDS" || echo "$GETS")" "$ADDS" \
        | sed 's/INTEGER PRIMARY KEY/BIGSERIAL PRIMARY KEY/' > "$WORK/$1.pg.sql"
    PGOPTIONS="-c search_path=bench_psql" seconds psql -q -X "$PG" -f "$WORK/$1.pg.sql"
}

report() { # backend what runner baseline-name baseline-seconds...
    printf '| %s | %s | %s s |' "$1" "$2" "$3"
    shift 3
    while [ $# -gt 0 ]; do
        printf ' %s %s s (%sx) |' "$1" "$2" "$(echo "scale=2; $RUNNER_S / $2" | bc)"
        shift 2
    done
    echo
}

echo "| backend | work | runner-cli | baselines (runner / baseline) |"
echo "| --- | --- | --- | --- |"
for what in add get; do
    RUNNER_S=$(measure runner_sqlite "$what")
    PY=$(measure python_sqlite "$what")
    CLI=$(measure cli_sqlite "$what")
    report SQLite "$what" "$RUNNER_S" "python-sqlite3" "$PY" "sqlite3-cli" "$CLI"
done
# What the runner's numbers include besides the work: starting the process,
# loading the jobs, opening and syncing the database, one db.get.
START=$(for _ in $(seq "$RUNS"); do GETS=1 runner_sqlite get; done | median)
echo "| SQLite | runner-cli start, 1 get | $START s | |"
if [ -n "$PG" ]; then
    for what in add get; do
        RUNNER_S=$(measure runner_postgres "$what")
        PSQL=$(measure cli_postgres "$what")
        report PostgreSQL "$what" "$RUNNER_S" "psql" "$PSQL"
    done
    psql -q "$PG" -c 'DROP SCHEMA IF EXISTS bench_runner CASCADE; DROP SCHEMA IF EXISTS bench_psql CASCADE' > /dev/null 2>&1
fi
