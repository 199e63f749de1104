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
    just bench-db

# The interpreter against CPython on six jobs, whole process, paired runs (RUNS per job).
bench-interp runs="10":
    cargo build --release -p runner-cli
    python3 bench/interp/compare.py --runs {{runs}}

# The database benchmark: 100,000 db.add and 10,000 db.get, SQLite (and PostgreSQL when RUNNER_BENCH_POSTGRES is set) vs sqlite3/psql.
bench-db:
    bash bench/db.sh

# Fuzz the parser, then parse+execute, SECONDS each (default 600).
fuzz seconds="600":
    bash bench/fuzz.sh {{seconds}}

# The man page, generated from the command line's help, into target/man/.
man:
    mkdir -p target/man
    cargo run --quiet -p runner-cli -- man > target/man/runner-cli.1

# A release archive of the binary with its SHA-256, into target/dist/.
dist:
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build --release --locked -p runner-cli
    version=$(cargo pkgid -p runner-cli | sed 's/.*[#@]//')
    target=$(rustc -vV | sed -n 's/^host: //p')
    name="runner-cli-${version}-${target}"
    rm -rf "target/dist/${name}" && mkdir -p "target/dist/${name}"
    cp target/release/runner-cli README.md "target/dist/${name}/"
    tar -C target/dist -czf "target/dist/${name}.tar.gz" "${name}"
    (cd target/dist && sha256sum "${name}.tar.gz" > "${name}.tar.gz.sha256")
    echo "target/dist/${name}.tar.gz"

# Exactly what CI runs.
ci:
    bash .ci/run
