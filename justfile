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

# Exactly what CI runs.
ci:
    bash .ci/run
