#!/usr/bin/env python3
"""Side-by-side benchmark: each job in bench/interp/jobs against its CPython
port in bench/interp/python, whole process, paired runs.

For every job the two commands run alternately (runner, python, runner,
python, ...) so that both see the same machine load; each run's wall time is
taken around the whole process and its peak RSS by GNU time (`/usr/bin/time
-f %M`, Debian's `time` package; wait4 cannot tell it, because a child
forked from this Python process starts with the parent's high-water mark). The script checks
that both print the same JSON before timing anything, then prints the medians,
the ratio runner/CPython and the peak memory of each.

    python3 bench/interp/compare.py [--runs N] [--runner PATH] [JOB...]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# job folder -> (run.job name, python port)
JOBS = {
    "sudoku": ("bench sudoku", "sudoku.py"),
    "knights-tour": ("bench knights tour", "knights_tour.py"),
    "subsets": ("bench subsets", "subsets.py"),
    "number-loop": ("bench number loop", "number_loop.py"),
    "string-build": ("bench string build", "string_build.py"),
    "loop-1m": ("bench loop 1m", "loop_1m.py"),
}


GNU_TIME = "/usr/bin/time" if shutil.which("/usr/bin/time") else None


def run_once(argv):
    """Runs argv to completion; returns (seconds, peak RSS in KiB or None, stdout)."""
    with tempfile.NamedTemporaryFile("r") as rss_file:
        wrapped = argv
        if GNU_TIME:
            # The same wrapper on both sides: its own cost is paired out.
            wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *argv]
        start = time.perf_counter()
        proc = subprocess.run(wrapped, capture_output=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr.decode()}")
        rss = int(rss_file.read().strip().splitlines()[-1]) if GNU_TIME else None
    return elapsed, rss, proc.stdout


def commands(folder, runner):
    job, port = JOBS[folder]
    runner_cmd = [
        runner, "--quiet", "--jobs-dir", os.path.join(HERE, "jobs"),
        # The run history (a SQLite write per run, about 3 MB of RSS) is a
        # feature of its own, measured apart in bench/README.md; CPython
        # records nothing, and the history would grow with every sample.
        "execute", "--no-history", "--job", job, "--max-loop-iterations", "100000000",
        "--max-steps", "1000000000",
    ]
    # sys.executable is the interpreter itself, not a pyenv shim script,
    # whose own start-up would be counted against CPython.
    python_cmd = [sys.executable, os.path.join(HERE, "python", port)]
    return runner_cmd, python_cmd


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="paired runs per job")
    parser.add_argument(
        "--runner",
        default=os.path.join(ROOT, "target", "release", "runner-cli"),
        help="the runner-cli binary (build it with cargo build --release)",
    )
    parser.add_argument("jobs", nargs="*", default=list(JOBS), help="job folders")
    args = parser.parse_args()

    if not GNU_TIME:
        print("note: /usr/bin/time not found (apt-get install time): no memory column",
              file=sys.stderr)
    print(f"{'job':<14} {'runner-cli':>11} {'CPython':>9} {'ratio':>6} "
          f"{'runner RSS':>11} {'CPython RSS':>12}", flush=True)
    for folder in args.jobs:
        runner_cmd, python_cmd = commands(folder, args.runner)
        # Same algorithm, same answer: refuse to time two different programs.
        _, _, ours = run_once(runner_cmd)
        _, _, theirs = run_once(python_cmd)
        if json.loads(ours) != json.loads(theirs):
            sys.exit(f"{folder}: the runner and the port disagree:\n{ours!r}\n{theirs!r}")
        runner_times, python_times, runner_rss, python_rss = [], [], [], []
        for _ in range(args.runs):
            t, rss, _ = run_once(runner_cmd)
            runner_times.append(t)
            runner_rss.append(rss)
            t, rss, _ = run_once(python_cmd)
            python_times.append(t)
            python_rss.append(rss)
        ours_s = statistics.median(runner_times)
        theirs_s = statistics.median(python_times)
        print(f"{folder:<14} {ours_s * 1000:>8.1f} ms {theirs_s * 1000:>6.1f} ms "
              f"{ours_s / theirs_s:>5.2f}x {megabytes(runner_rss):>11} "
              f"{megabytes(python_rss):>12}", flush=True)


def megabytes(samples):
    if None in samples:
        return "n/a"
    return f"{max(samples) / 1024:.1f} MB"


if __name__ == "__main__":
    main()
