//! `runner-cli serve` as a process: it idles without spinning, stops
//! promptly on SIGTERM (exit 0) and Ctrl-C (130), runs a task when the
//! clock a test sets (`RUNNER_TEST_CLOCK_FILE`) reaches it, and on a
//! restart runs what it missed once. Children are killed and reaped by a
//! guard (tests/common), even when an assertion fails.

mod common;

use std::time::{Duration, Instant};

use common::{JAN_1, Serve, runs_list, set_clock, ticker_folder, write};

/// A jobs folder whose one task runs every `freq` seconds from 2026-01-01.
fn jobs_folder(freq: u64, stack: &str) -> tempfile::TempDir {
    ticker_folder(&format!(
        "task \"tick\" {{\n  stack {{\n{stack}\n  }}\n  response = \"ticked\"\n  schedule = [{{starts_on: 2026-01-01 00:00:00+0000, freq: {freq}}}]\n}}\n"
    ))
}

#[test]
fn serve_idles_without_spinning_and_exits_0_promptly_on_sigterm() {
    let dir = jobs_folder(86_400, "    debug.log { value = \"tick\" }");
    let mut serve = Serve::start(dir.path(), None, &[]);
    serve.wait_for("SIGTERM or Ctrl-C stops");
    let before = serve.cpu_ticks();
    std::thread::sleep(Duration::from_millis(1500));
    let after = serve.cpu_ticks();
    if let (Some(before), Some(after)) = (before, after) {
        // 100 ticks a second: 1.5 s of a spinning core would be 150.
        assert!(
            after - before <= 5,
            "serve used {} ticks while idle",
            after - before
        );
    }
    let asked = Instant::now();
    serve.signal("TERM");
    let code = serve.exit_within(Duration::from_secs(5));
    assert_eq!(code, 0, "{}", serve.seen.join("\n"));
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "{:?}",
        asked.elapsed()
    );
}

#[test]
fn serve_runs_a_due_task_on_the_test_clock_then_catches_up_once_after_downtime() {
    let dir = jobs_folder(60, "    debug.log { value = \"tick\" }");
    let clock = dir.path().join("clock");
    set_clock(&clock, JAN_1 + 30_000);
    let mut serve = Serve::start(dir.path(), Some(&clock), &[]);
    serve.wait_for("next at 2026-01-01 00:01:00+0000");
    serve.wait_for("SIGTERM or Ctrl-C stops");
    set_clock(&clock, JAN_1 + 60_500);
    let line = serve.wait_for("serve: running task `tick` for 2026-01-01 00:01:00+0000");
    assert!(line.contains("key tick-2026-01-01T00:01:00Z"), "{line}");
    serve.wait_for("serve: task `tick` succeeded");
    serve.signal("INT");
    assert_eq!(serve.exit_within(Duration::from_secs(5)), 130);
    drop(serve);

    // Down for five slots: one run on start, for the latest, and said so.
    set_clock(&clock, JAN_1 + 6 * 60_000 + 500);
    let mut serve = Serve::start(dir.path(), Some(&clock), &[]);
    let line = serve.wait_for("missed 5 runs while no serve was up");
    assert!(
        line.contains("running it once now, for 2026-01-01 00:06:00+0000"),
        "{line}"
    );
    serve.wait_for("serve: task `tick` succeeded");
    serve.signal("TERM");
    assert_eq!(serve.exit_within(Duration::from_secs(5)), 0);
    let runs = serve
        .seen
        .iter()
        .filter(|line| line.contains("serve: running task"))
        .count();
    assert_eq!(runs, 1, "{}", serve.seen.join("\n"));
}

#[test]
fn a_run_past_the_shutdown_timeout_is_cancelled_and_serve_says_so() {
    let dir = jobs_folder(60, "    util.sleep { value = 30 }");
    let clock = dir.path().join("clock");
    set_clock(&clock, JAN_1 + 59_000);
    let mut serve = Serve::start(dir.path(), Some(&clock), &["--shutdown-timeout", "0.5"]);
    serve.wait_for("SIGTERM or Ctrl-C stops");
    set_clock(&clock, JAN_1 + 60_000);
    serve.wait_for("serve: running task `tick`");
    serve.signal("TERM");
    serve.wait_for("cancelling it");
    serve.wait_for("recorded as cancelled");
    // Not a clean stop: 143, and the run is recorded as cancelled.
    assert_eq!(serve.exit_within(Duration::from_secs(10)), 143);
    let listed = runs_list(dir.path());
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["state"], "cancelled", "{listed:?}");
    assert_eq!(listed[0]["trigger"], "schedule", "{listed:?}");
}

#[test]
fn a_second_signal_cancels_running_tasks_at_once() {
    let dir = jobs_folder(60, "    util.sleep { value = 30 }");
    let clock = dir.path().join("clock");
    set_clock(&clock, JAN_1 + 59_000);
    let mut serve = Serve::start(dir.path(), Some(&clock), &[]);
    serve.wait_for("SIGTERM or Ctrl-C stops");
    set_clock(&clock, JAN_1 + 60_000);
    serve.wait_for("serve: running task `tick`");
    serve.signal("INT");
    serve.wait_for("a second signal cancels now");
    let asked = Instant::now();
    serve.signal("INT");
    serve.wait_for("cancelling it");
    assert_eq!(serve.exit_within(Duration::from_secs(10)), 130);
    // Well before the 30 s shutdown timeout and the task's 30 s sleep.
    assert!(
        asked.elapsed() < Duration::from_secs(8),
        "{:?}",
        asked.elapsed()
    );
    let listed = runs_list(dir.path());
    assert_eq!(listed[0]["state"], "cancelled", "{listed:?}");
}

#[test]
fn a_scheduled_run_records_no_env_secret_and_no_sensitive_input() {
    const ENV_SECRET: &str = "env-secret-Zq81xVw0pL";
    const INPUT_SECRET: &str = "input-secret-Hh27mNc4";
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("jobs/secretive");
    write(
        &job.join("run.xs"),
        "run.job \"Secretive\" {\n  main = { name: \"noop\" }\n  env = [\"api_secret\"]\n}\n",
    );
    write(
        &job.join("function/noop.xs"),
        "function \"noop\" {\n  stack {}\n}\n",
    );
    write(
        &job.join("task/leaky.xs"),
        &format!(
            r#"task "leaky" {{
  input {{
    text token?="{INPUT_SECRET}" {{
      sensitive = true
    }}
  }}
  stack {{
    debug.log {{ value = "env " ~ $env.api_secret ~ " input " ~ $input.token }}
    precondition (false) {{
      error = "failed with " ~ $env.api_secret ~ " and " ~ $input.token
    }}
  }}
  response = {{ env: $env.api_secret, input: $input.token }}
  schedule = [{{starts_on: 2026-01-01 00:00:00+0000, freq: 60}}]
}}
"#
        ),
    );
    let clock = dir.path().join("clock");
    set_clock(&clock, JAN_1 + 59_000);
    let env_flag = format!("api_secret={ENV_SECRET}");
    let mut serve = Serve::start(dir.path(), Some(&clock), &["--env", &env_flag]);
    serve.wait_for("SIGTERM or Ctrl-C stops");
    set_clock(&clock, JAN_1 + 60_000);
    serve.wait_for("serve: task `leaky` failed");
    serve.signal("TERM");
    assert_eq!(serve.exit_within(Duration::from_secs(5)), 0);
    let stderr = serve.seen.join("\n");
    assert!(stderr.contains("failed with [redacted"), "{stderr}");
    let run_id = stderr
        .split("(run ")
        .nth(1)
        .and_then(|rest| rest.split([',', ')']).next())
        .expect("serve names the run")
        .to_owned();
    // A replay of the scheduled run, given its sensitive input again.
    let token_flag = format!("token={INPUT_SECRET}");
    let replay = common::run(
        dir.path(),
        &[
            "runs",
            "replay",
            &run_id,
            "--input",
            &token_flag,
            "--env",
            &env_flag,
        ],
        &[],
    );
    assert_eq!(replay.code, 1, "{}", replay.stderr);
    // Every way `runs` shows the task's runs, the replay's output first.
    let mut shown = replay.stdout + &replay.stderr;
    for args in [
        &["runs", "list"][..],
        &["runs", "list", "--format", "json"],
        &["runs", "show", &run_id],
        &["runs", "show", &run_id, "--format", "json"],
    ] {
        let output = common::run(dir.path(), args, &[]);
        assert_eq!(output.code, 0, "{args:?}: {}", output.stderr);
        shown.push_str(&output.stdout);
        shown.push_str(&output.stderr);
    }
    assert!(
        shown.contains("leaky") && shown.contains("schedule") && shown.contains("replay"),
        "{shown}"
    );
    assert!(shown.contains("failed with [redacted"), "{shown}");
    for secret in [ENV_SECRET, INPUT_SECRET] {
        assert!(
            !shown.contains(secret),
            "{secret} in `runs` output:\n{shown}"
        );
        // The replay's record too: no trace in any file of the database.
        for entry in std::fs::read_dir(dir.path().join(".runner")).expect("the database folder") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read");
            let found = bytes
                .windows(secret.len())
                .any(|window| window == secret.as_bytes());
            assert!(!found, "{secret} in {} after the replay", path.display());
        }
    }
    for secret in [ENV_SECRET, INPUT_SECRET] {
        assert!(!stderr.contains(secret), "{secret} in stderr:\n{stderr}");
        for entry in std::fs::read_dir(dir.path().join(".runner")).expect("the database folder") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read");
            let found = bytes
                .windows(secret.len())
                .any(|window| window == secret.as_bytes());
            assert!(!found, "{secret} in {}", path.display());
        }
    }
    // The run is there, with the error and the log line, redacted.
    let bytes = std::fs::read(dir.path().join(".runner/data.sqlite")).expect("database");
    let text = String::from_utf8_lossy(&bytes);
    let wal = std::fs::read(dir.path().join(".runner/data.sqlite-wal")).unwrap_or_default();
    let wal = String::from_utf8_lossy(&wal);
    assert!(
        text.contains("failed with [redacted") || wal.contains("failed with [redacted"),
        "the run's error is recorded"
    );
}

#[test]
fn on_failure_runs_the_alert_job_with_the_failed_runs_id_task_and_error() {
    let dir = jobs_folder(
        60,
        "    precondition (false) {\n      error = \"the source is down\"\n    }",
    );
    let alert = dir.path().join("jobs/alert");
    write(
        &alert.join("run.xs"),
        "run.job \"Alert\" {\n  main = { name: \"alert\" }\n}\n",
    );
    write(
        &alert.join("function/alert.xs"),
        r#"function "alert" {
  input {
    text run_id
    text task
    text error
  }
  stack {
    debug.log { value = "ALERT " ~ $input.task ~ " run " ~ $input.run_id ~ ": " ~ $input.error }
  }
}
"#,
    );
    let clock = dir.path().join("clock");
    set_clock(&clock, JAN_1 + 59_000);
    let mut serve = Serve::start(dir.path(), Some(&clock), &["--on-failure", "Alert"]);
    serve.wait_for("SIGTERM or Ctrl-C stops");
    set_clock(&clock, JAN_1 + 60_000);
    let failed = serve.wait_for("serve: task `tick` failed");
    let run_id = failed
        .split("(run ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("the run's id")
        .to_owned();
    let alert = serve.wait_for("ALERT tick");
    assert!(
        alert.contains(&format!("run {run_id}: the source is down")),
        "{alert}"
    );
    let ran = serve.wait_for(&format!("--on-failure job `Alert` ran for run {run_id}"));
    serve.signal("TERM");
    assert_eq!(serve.exit_within(Duration::from_secs(5)), 0);
    // The alert's own run is in the history, as the alert for the failed one.
    let alert_id = ran
        .split("(recorded as run ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("the alert's run id")
        .to_owned();
    let listed = runs_list(dir.path());
    assert_eq!(listed.len(), 2, "{listed:?}");
    let alert = listed
        .iter()
        .find(|run| run["id"] == alert_id.as_str())
        .expect("the alert run is listed");
    assert_eq!(alert["name"], "Alert", "{alert}");
    assert_eq!(alert["trigger"], "alert", "{alert}");
    assert_eq!(alert["state"], "succeeded", "{alert}");
    let shown = common::run(
        dir.path(),
        &["runs", "show", &alert_id, "--format", "json"],
        &[],
    );
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let shown: serde_json::Value = serde_json::from_str(&shown.stdout).expect("JSON");
    assert_eq!(shown["alert_for"], run_id.as_str(), "{shown}");
    assert_eq!(shown["inputs"]["task"], "tick", "{shown}");
    assert_eq!(
        shown["end"]["logs"][0]["value"],
        format!("ALERT tick run {run_id}: the source is down"),
        "{shown}"
    );
    let text = common::run(dir.path(), &["runs", "show", &alert_id], &[]);
    assert!(
        text.stdout.contains(&format!("alert for {run_id}")),
        "{}",
        text.stdout
    );
}

#[test]
fn serve_refuses_a_task_name_two_job_folders_schedule_naming_both_files() {
    let dir = jobs_folder(60, "    debug.log { value = \"tick\" }");
    let other = dir.path().join("jobs/other");
    write(
        &other.join("run.xs"),
        "run.job \"Other\" {\n  main = { name: \"noop\" }\n}\n",
    );
    write(
        &other.join("function/noop.xs"),
        "function \"noop\" {\n  stack {}\n}\n",
    );
    write(
        &other.join("tasks/also_tick.xs"),
        "task \"tick\" {\n  stack {}\n  schedule = [{starts_on: 2026-01-01 00:00:00+0000, freq: 5}]\n}\n",
    );
    let outcome = common::run(dir.path(), &["serve"], &[]);
    assert_eq!(outcome.code, 78, "{}", outcome.stderr);
    let ticker = dir.path().join("jobs/ticker/task/tick.xs:1:6");
    let also = dir.path().join("jobs/other/tasks/also_tick.xs:1:6");
    for expected in [
        "error: task name `tick` is used by two job folders: serve knows a scheduled task by its name alone".to_owned(),
        // Folders in name order: jobs/other, then jobs/ticker.
        format!(
            "task `tick`: {} (job `Other`) and {} (job `Ticker`)",
            also.display(),
            ticker.display()
        ),
        format!(
            "rename one of them, e.g. `task \"tick_2\"` in {}",
            dir.path().join("jobs/ticker/task/tick.xs").display()
        ),
    ] {
        assert!(
            outcome.stderr.contains(&expected),
            "{expected:?} in\n{}",
            outcome.stderr
        );
    }
    assert!(
        !outcome.stderr.contains("serve: running"),
        "{}",
        outcome.stderr
    );
}
