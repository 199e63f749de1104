//! What the task and `serve` tests share: a guard around a `serve` child
//! (killed and reaped when dropped, even when an assertion fails, its
//! stderr read line by line), one-shot `runner-cli` runs, job folders
//! written on the fly, and the clock file a test sets
//! (`RUNNER_TEST_CLOCK_FILE`).
//!
//! Each test crate that says `mod common;` compiles its own copy and uses
//! only part of it; without the allow below, the parts one crate leaves
//! unused would be dead-code warnings (errors under clippy -D warnings).
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// 2026-01-01 00:00:00 UTC.
pub(crate) const JAN_1: i64 = 1_767_225_600_000;

/// How long [`Serve::wait_for`] waits for a line before failing the test.
const WAIT_LIMIT: Duration = Duration::from_secs(30);

/// A `serve` child, killed and reaped when dropped; its stderr lines
/// arrive on a channel, and those read so far are kept in `seen`.
pub(crate) struct Serve {
    child: Child,
    lines: mpsc::Receiver<String>,
    pub(crate) seen: Vec<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// `runner-cli --jobs-dir DIR/jobs serve EXTRA..` in `dir`, on the
    /// clock file `clock` when given (else the real clock), with the
    /// default database unless `extra` names one.
    pub(crate) fn start(dir: &Path, clock: Option<&Path>, extra: &[&str]) -> Serve {
        let mut command = Command::new(env!("CARGO_BIN_EXE_runner-cli"));
        command
            .current_dir(dir)
            .arg("--jobs-dir")
            .arg(dir.join("jobs"))
            .arg("serve")
            .args(extra)
            .env_remove("RUST_LOG")
            .env_remove("RUNNER_DATABASE_URL")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        match clock {
            Some(clock) => command.env("RUNNER_TEST_CLOCK_FILE", clock),
            None => command.env_remove("RUNNER_TEST_CLOCK_FILE"),
        };
        let mut child = command.spawn().expect("serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Serve {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for a stderr line containing `text`; panics with what was seen.
    pub(crate) fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + WAIT_LIMIT;
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(20)) {
                self.seen.push(line.clone());
                if line.contains(text) {
                    return line;
                }
            }
        }
        panic!(
            "no line with {text:?}; stderr so far:\n{}",
            self.seen.join("\n")
        );
    }

    /// Moves the lines already written into `seen`, without waiting.
    pub(crate) fn drain(&mut self) {
        while let Ok(line) = self.lines.try_recv() {
            self.seen.push(line);
        }
    }

    /// Sends signal `name` (`TERM`, `INT`...) to the child.
    pub(crate) fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// SIGKILL, and reaped: the process is gone when this returns.
    pub(crate) fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        let _ = self.child.wait();
    }

    /// The exit code, waiting at most `limit`; the lines written until
    /// then are in `seen`.
    pub(crate) fn exit_within(&mut self, limit: Duration) -> i32 {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                self.drain();
                return status.code().unwrap_or(-1);
            }
            assert!(
                Instant::now() < deadline,
                "serve did not exit within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// CPU time the process used so far, in clock ticks (Linux).
    pub(crate) fn cpu_ticks(&self) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        let after_name = stat.rsplit_once(')')?.1;
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after `)`.
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    }
}

/// How a one-shot `runner-cli` run ended.
pub(crate) struct Outcome {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// `runner-cli --jobs-dir DIR/jobs ARGS..` in `dir`, with `env` added to
/// an environment cleared of what would change the outcome (logging, the
/// jobs folder, the database).
pub(crate) fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_runner-cli"));
    command
        .current_dir(dir)
        .arg("--jobs-dir")
        .arg(dir.join("jobs"))
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("RUNNER_JOBS_DIR")
        .env_remove("RUNNER_DATABASE_URL")
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("runner-cli runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `runs list --format json` of the history in `dir`'s default database.
pub(crate) fn runs_list(dir: &Path) -> Vec<serde_json::Value> {
    let listed = run(dir, &["runs", "list", "--format", "json"], &[]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    serde_json::from_str::<serde_json::Value>(&listed.stdout)
        .expect("JSON")
        .as_array()
        .cloned()
        .expect("an array")
}

/// Writes `text` to `path`, making its folders.
pub(crate) fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    std::fs::write(path, text).expect("write");
}

/// A temporary folder holding `jobs/ticker`: a job "Ticker" whose main
/// function does nothing, and `task/tick.xs` with `task_source`.
pub(crate) fn ticker_folder(task_source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("jobs/ticker");
    write(
        &job.join("run.xs"),
        "run.job \"Ticker\" {\n  main = { name: \"noop\" }\n}\n",
    );
    write(
        &job.join("function/noop.xs"),
        "function \"noop\" {\n  stack {}\n}\n",
    );
    write(&job.join("task/tick.xs"), task_source);
    dir
}

/// Sets the test clock file at `path` to `ms` (epoch milliseconds).
pub(crate) fn set_clock(path: &Path, ms: i64) {
    std::fs::write(path, ms.to_string()).expect("clock file");
}

/// `dir/clock`, set to `ms`: the value for `RUNNER_TEST_CLOCK_FILE`.
pub(crate) fn clock_at(dir: &Path, ms: i64) -> std::path::PathBuf {
    let path = dir.join("clock");
    set_clock(&path, ms);
    path
}
