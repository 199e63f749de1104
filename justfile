# List the recipes.
default:
    @just --list

# Run the Make trigger job against the embedded sandbox (no Make account needed).
run:
    cargo run -p runner-cli -- execute --job "Trigger Make Scenario" --sandbox

# Run every test, as the README's quick start does.
test:
    cargo test --workspace

# Lints: clippy with warnings as errors, and the formatting check.
lint:
    cargo clippy --workspace --all-targets -- -D warnings
    cargo fmt --all -- --check

# Format the code.
fmt:
    cargo fmt --all

# Benchmarks: parse throughput, a loop-heavy job, check over 700 job folders, batch runs vs curl and wrk, the interpreter vs CPython.
bench:
    cargo bench -p job-runner --benches
    bash bench/check_700.sh
    bash bench/batch.sh
    just bench-interp

# The interpreter against CPython on six jobs, whole process, paired runs (RUNS per job).
bench-interp runs="10":
    cargo build --release -p runner-cli
    python3 bench/interp/compare.py --runs {{runs}}

# Fuzz the parser, then parse+execute, SECONDS each (default 600).
fuzz seconds="600":
    bash bench/fuzz.sh {{seconds}}

# Exactly what CI runs.
ci:
    bash .ci/run
