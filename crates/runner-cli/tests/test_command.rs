//! `runner-cli test` end to end: the real binary on temporary jobs folders
//! and on the shipped `jobs/`, with exit code, stdout and stderr snapshotted
//! together. Tests never reach the network, so no server is needed.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Outcome {
    fn transcript(&self, temp: &Path) -> String {
        let text = format!(
            "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        );
        text.replace(&temp.display().to_string(), "[TEMP]")
    }
}

fn shipped_jobs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../jobs")
}

fn run(jobs_dir: &Path, args: &[&str]) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .current_dir(jobs_dir)
        .arg("--jobs-dir")
        .arg(jobs_dir)
        .arg("test")
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("RUNNER_JOBS_DIR")
        .env("NO_COLOR", "1")
        .output()
        .expect("runner-cli runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A jobs folder with one job `folder` whose only function file is `function`.
fn write_job(root: &Path, folder: &str, job: &str, function: &str) {
    let dir = root.join(folder);
    std::fs::create_dir_all(dir.join("function")).expect("job folder");
    let main = function
        .split("function \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a function name");
    std::fs::write(
        dir.join("run.xs"),
        format!("run.job \"{job}\" {{\n  main = {{ name: \"{main}\" }}\n}}\n"),
    )
    .expect("run.xs");
    std::fs::write(dir.join("function").join(format!("{main}.xs")), function)
        .expect("function file");
}

const ADD: &str = r#"function "add" {
  input {
    int a
    int b
  }
  stack {
    var $sum { value = $input.a + $input.b }
  }
  response = $sum

  test "adds two numbers" {
    input = { a: 5, b: 3 }
    expect.to_equal ($response) { value = 8 }
  }

  test "handles negative numbers" {
    input = { a: -5, b: 3 }
    expect.to_equal ($response) { value = -2 }
  }
}
"#;

const GREET: &str = r#"function "greet" {
  input {
    text name
  }
  stack {
    api.request {
      url = "https://api.example.com/greeting"
      params = { name: $input.name }
      mock = {
        "greets by name": { response: { result: { text: "Hello Ada" } } }
      }
    } as $answer
  }
  response = $answer.response.result.text

  test "greets by name" {
    input = { name: "Ada" }
    expect.to_equal ($response) { value = "Hi Ada" }
  }

  test "has no mock" {
    input = { name: "Bob" }
    expect.to_start_with ($response) { value = "Hello" }
  }
}
"#;

#[test]
fn all_tests_pass_and_exit_zero() {
    let root = tempfile::tempdir().expect("temp dir");
    write_job(root.path(), "adder", "Adder", ADD);
    let outcome = run(root.path(), &[]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(outcome.stdout.lines().last(), Some("2 passed, 0 failed"));
    insta::assert_snapshot!(outcome.transcript(root.path()));
}

#[test]
fn a_failing_test_shows_the_diff_and_exits_one() {
    let root = tempfile::tempdir().expect("temp dir");
    write_job(root.path(), "adder", "Adder", ADD);
    write_job(root.path(), "greeter", "Greeter", GREET);
    let outcome = run(root.path(), &[]);
    assert_eq!(outcome.code, 1);
    assert_eq!(outcome.stdout.lines().last(), Some("2 passed, 2 failed"));
    insta::assert_snapshot!(outcome.transcript(root.path()));
}

#[test]
fn job_flag_selects_one_job_by_name_or_folder() {
    let root = tempfile::tempdir().expect("temp dir");
    write_job(root.path(), "adder", "Adder", ADD);
    write_job(root.path(), "greeter", "Greeter", GREET);
    let by_name = run(root.path(), &["--job", "Adder"]);
    assert_eq!(by_name.code, 0, "{}", by_name.stderr);
    assert_eq!(by_name.stdout.lines().last(), Some("2 passed, 0 failed"));
    let by_path = run(
        root.path(),
        &[root.path().join("adder").to_str().expect("utf-8")],
    );
    assert_eq!(by_path.code, 0, "{}", by_path.stderr);
    assert_eq!(by_path.stdout, by_name.stdout);
}

#[test]
fn an_unknown_job_is_a_usage_error() {
    let root = tempfile::tempdir().expect("temp dir");
    write_job(root.path(), "adder", "Adder", ADD);
    let outcome = run(root.path(), &["--job", "Addr"]);
    assert_eq!(outcome.code, 2);
    insta::assert_snapshot!(outcome.transcript(root.path()));
}

#[test]
fn invalid_job_files_exit_78_with_their_diagnostics() {
    let root = tempfile::tempdir().expect("temp dir");
    write_job(
        root.path(),
        "broken",
        "Broken",
        "function \"f\" {\n  stack {\n  }\n  response = 1\n\n  test \"typo\" {\n    expect.to_eqaul ($response) { value = 1 }\n  }\n}\n",
    );
    let outcome = run(root.path(), &[]);
    assert_eq!(outcome.code, 78);
    insta::assert_snapshot!(outcome.transcript(root.path()));
}

#[test]
fn the_shipped_jobs_tests_pass() {
    let outcome = run(&shipped_jobs(), &[]);
    assert_eq!(outcome.code, 0, "{}\n{}", outcome.stdout, outcome.stderr);
    let summary = outcome.stdout.lines().last().unwrap_or_default();
    assert!(summary.ends_with(" passed, 0 failed"), "{summary}");
    assert!(!summary.starts_with("0 "), "{summary}");
    insta::assert_snapshot!(outcome.stdout);
}

#[test]
fn filter_runs_only_the_matching_tests() {
    let root = tempfile::tempdir().expect("temp dir");
    write_job(root.path(), "adder", "Adder", ADD);
    write_job(root.path(), "greeter", "Greeter", GREET);
    let outcome = run(root.path(), &["--filter", "NEGATIVE"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(outcome.stdout.lines().count(), 2, "{}", outcome.stdout);
    assert!(outcome.stdout.contains("handles negative numbers"));
    assert_eq!(outcome.stdout.lines().last(), Some("1 passed, 0 failed"));
    let none = run(root.path(), &["--filter", "no such test"]);
    assert!(
        none.stderr
            .contains("no test matches `--filter no such test`"),
        "{}",
        none.stderr
    );
}

#[test]
fn json_and_junit_report_every_test_for_ci() {
    let root = tempfile::tempdir().expect("temp dir");
    write_job(root.path(), "adder", "Adder", ADD);
    write_job(root.path(), "greeter", "Greeter", GREET);
    let junit = root.path().join("report.xml");
    let junit_arg = junit.to_str().expect("utf-8");
    let outcome = run(root.path(), &["--format", "json", "--junit", junit_arg]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&outcome.stdout).expect("one JSON document");
    assert_eq!(
        (report["passed"].as_u64(), report["failed"].as_u64()),
        (Some(2), Some(2))
    );
    let tests = report["tests"].as_array().expect("tests");
    assert_eq!(tests.len(), 4);
    let failed = tests
        .iter()
        .find(|test| test["passed"] == false)
        .expect("a failure");
    assert!(
        failed["failures"][0]
            .as_str()
            .is_some_and(|text| !text.is_empty())
    );
    let xml = std::fs::read_to_string(&junit).expect("the JUnit file");
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 4, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 2, "{xml}");
    assert!(
        xml.contains("<testsuite name=\"Adder\" tests=\"2\""),
        "{xml}"
    );
}
