//! `runner-cli tasks`, `execute --task` and `check` on task files, end to
//! end on a temporary jobs folder, with the clock a test sets
//! (`RUNNER_TEST_CLOCK_FILE`).

mod common;

use std::path::Path;

use serde_json::Value;

use common::{JAN_1, clock_at, run, write};

/// A jobs folder with one job, "Reports", and two tasks.
fn jobs_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("jobs/reports");
    write(
        &job.join("run.xs"),
        "run.job \"Reports\" {\n  main = { name: \"build\" }\n  env = [\"report_token\"]\n}\n",
    );
    write(
        &job.join("function/build.xs"),
        "function \"build\" {\n  stack {}\n  response = \"main\"\n}\n",
    );
    write(
        &job.join("task/nightly.xs"),
        r#"task "nightly" {
  description = "The day's report"
  input {
    text period?="day"
  }
  stack {
    debug.log { value = "building " ~ $input.period }
  }
  response = { period: $input.period, token_length: $env.report_token|strlen }
  schedule = [{starts_on: 2026-01-01 00:00:00+0000, freq: 86400}]
  retry = {max_retries: 2, delay: 30}
}
"#,
    );
    write(
        &job.join("tasks/failing.xs"),
        r#"task "failing" {
  stack {
    precondition (false) {
      error = "the report source is down"
    }
  }
}
"#,
    );
    dir
}

#[test]
fn tasks_lists_each_task_with_its_next_run_on_the_clock_given() {
    let dir = jobs_folder();
    let clock = clock_at(dir.path(), JAN_1 + 5 * 3_600_000);
    let clock = clock.display().to_string();
    let env = [("RUNNER_TEST_CLOCK_FILE", clock.as_str())];
    let json = run(dir.path(), &["tasks", "--format", "json"], &env);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let list: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let list = list.as_array().expect("an array");
    assert_eq!(list.len(), 2);
    let nightly = &list[0];
    assert_eq!(nightly["job"], "Reports");
    assert_eq!(nightly["task"], "nightly");
    assert_eq!(nightly["next_run"], "2026-01-02 00:00:00+0000");
    assert_eq!(nightly["next_run_ms"], JAN_1 + 86_400_000);
    assert_eq!(nightly["schedule"][0]["freq"], 86_400);
    assert_eq!(nightly["retry"]["max_retries"], 2);
    assert_eq!(list[1]["task"], "failing");
    assert_eq!(list[1]["next_run"], Value::Null);

    let text = run(dir.path(), &["tasks"], &env);
    assert_eq!(text.code, 0, "{}", text.stderr);
    for expected in [
        "nightly\n  job:      Reports",
        "  about:    The day's report",
        "  schedule: every 1 day from 2026-01-01 00:00:00+0000",
        "  retry:    up to 2 times, 30 s after a failure",
        "  next run: 2026-01-02 00:00:00+0000 (in 19 h 0 min)",
        "failing\n",
        "  schedule: (none: runs only with `execute --task`)",
        "  next run: never",
    ] {
        assert!(
            text.stdout.contains(expected),
            "{expected:?} in\n{}",
            text.stdout
        );
    }
}

#[test]
fn execute_task_runs_one_now_with_its_own_inputs() {
    let dir = jobs_folder();
    let env = [("report_token", "s3cr3t-token-value")];
    let outcome = run(dir.path(), &["execute", "--task", "nightly"], &env);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let response: Value = serde_json::from_str(&outcome.stdout).expect("JSON");
    assert_eq!(response["period"], "day");
    assert_eq!(response["token_length"], 18);
    assert!(
        outcome.stderr.contains("building day"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains("s3cr3t"), "{}", outcome.stderr);

    let outcome = run(
        dir.path(),
        &[
            "execute",
            "Reports",
            "--task",
            "nightly",
            "--input",
            "period=week",
        ],
        &env,
    );
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stdout.contains("\"week\""), "{}", outcome.stdout);
}

#[test]
fn execute_task_reports_failures_and_unknown_names() {
    let dir = jobs_folder();
    let env = [("report_token", "x")];
    let failed = run(dir.path(), &["execute", "--task", "failing"], &env);
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    assert!(
        failed
            .stderr
            .contains("task `failing` of job `Reports` failed: the report source is down"),
        "{}",
        failed.stderr
    );
    let unknown = run(dir.path(), &["execute", "--task", "nightlly"], &env);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("no task `nightlly`"),
        "{}",
        unknown.stderr
    );
    assert!(
        unknown.stderr.contains("did you mean `nightly`?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn check_reports_a_bad_schedule_with_its_file_and_line() {
    let dir = jobs_folder();
    write(
        &dir.path().join("jobs/reports/task/broken.xs"),
        "task \"broken\" {\n  stack {}\n  schedule = [{starts_on: 2026-01-01 00:00:00+0000, freq: 0}]\n}\n",
    );
    let outcome = run(dir.path(), &["check"], &[]);
    assert_eq!(outcome.code, 78, "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .contains("error: `freq` is 0: it must be 1 or more seconds"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("task/broken.xs:3:59"),
        "{}",
        outcome.stderr
    );
}

/// A second job, "Exports", with tasks named as two of Reports' tasks.
fn add_exports_job(dir: &Path) {
    let job = dir.join("jobs/exports");
    write(
        &job.join("run.xs"),
        "run.job \"Exports\" {\n  main = { name: \"build\" }\n}\n",
    );
    write(
        &job.join("function/build.xs"),
        "function \"build\" {\n  stack {}\n}\n",
    );
    write(
        &job.join("task/nightly.xs"),
        "task \"nightly\" {\n  stack {}\n  schedule = [{starts_on: 2026-01-01 00:00:00+0000, freq: 3600}]\n}\n",
    );
    // Unscheduled in both jobs: `execute JOB --task failing` tells them apart.
    write(
        &job.join("task/failing.xs"),
        "task \"failing\" {\n  stack {}\n}\n",
    );
}

#[test]
fn check_refuses_a_scheduled_task_name_two_job_folders_use_naming_both_files() {
    let dir = jobs_folder();
    add_exports_job(dir.path());
    let outcome = run(dir.path(), &["check"], &[]);
    assert_eq!(outcome.code, 78, "{}", outcome.stderr);
    // Folders in name order: the one in jobs/reports is the second.
    let first = dir.path().join("jobs/exports/task/nightly.xs:1:6");
    let second = dir.path().join("jobs/reports/task/nightly.xs");
    for expected in [
        format!(
            "error: task `nightly` of job `Reports` has the name of a task of job `Exports` ({})",
            first.display()
        ),
        format!("--> {}:1:6", second.display()),
        format!(
            "hint: rename one of them, e.g. `task \"nightly_2\"` in {}\n",
            second.display()
        ),
        "1 error".to_owned(),
    ] {
        assert!(
            outcome.stderr.contains(&expected),
            "{expected:?} in\n{}",
            outcome.stderr
        );
    }
    assert!(!outcome.stderr.contains("`failing`"), "{}", outcome.stderr);

    let json = run(dir.path(), &["check", "--format", "json"], &[]);
    let report: Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(report["errors"], 1, "{report}");
    assert_eq!(report["problems"][0]["line"], 1, "{report}");
}
