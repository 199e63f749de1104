//! End-to-end tests of the `runner-cli` binary: each runs the real binary on
//! the real `jobs/` folder (or a temporary one) against a wiremock server
//! standing in for Make, and snapshots exit code, stdout and stderr together.

use std::path::{Path, PathBuf};

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Shaped like a real Make token: 32 lowercase letters and digits.
const TOKEN: &str = "k3jd8x0qpl2mz7vbn4ty6rc1wa9s5x7k";

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Outcome {
    /// Exit code, stdout and stderr in one text, for one snapshot.
    fn transcript(&self) -> String {
        format!(
            "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn jobs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../jobs")
}

/// Runs the binary in an empty temporary folder (so no `.env` of the
/// developer's is read), with a clean log configuration.
async fn run_cli(args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let cwd = tempfile::tempdir().expect("temp dir");
    run_cli_in(cwd.path(), args, env).await
}

async fn run_cli_in(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"));
    command
        .current_dir(cwd)
        // Each test's run history in its own folder, not beside the jobs.
        .env("RUNNER_DATABASE_URL", "sqlite://history.sqlite")
        .arg("--jobs-dir")
        .arg(jobs_dir())
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("RUNNER_JOBS_DIR")
        .env_remove("make_webhook_url")
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().await.expect("runner-cli runs");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Replaces what changes from run to run: ports, paths, durations, times.
fn stable(text: &str) -> String {
    let jobs = jobs_dir().display().to_string();
    let mut text = text.replace(&jobs, "[JOBS]");
    for (pattern, replacement) in [
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
        (r"(duration|wait)=[\d.]+( ?(ms|µs|s|min))?", "$1=[DURATION]"),
        // Where a job's `debug.log` stands moves whenever the job is edited.
        (r"location=(\S+\.xs):\d+:\d+", "location=$1:[LINE]"),
        (r"Retry-After: [^,]+,", "Retry-After: [DURATION],"),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[TIMESTAMP]"),
        (r"/tmp/[^\s`']+", "[TEMP]"),
        (
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "[UUID]",
        ),
    ] {
        let re = regex_lite(pattern);
        text = re.replace_all(&text, replacement).into_owned();
    }
    text
}

fn regex_lite(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("valid test regex")
}

async fn make_answering(status: u16, body: &str) -> MockServer {
    make_answering_times(status, body, 1).await
}

/// Make answering `status` to each of `times` requests; `Retry-After: 0` so
/// retries happen at once.
async fn make_answering_times(status: u16, body: &str, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/{TOKEN}")))
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("content-type", "text/plain; charset=utf-8")
                .insert_header("make-actual-status", status.to_string().as_str())
                .insert_header("retry-after", "0")
                .set_body_string(body),
        )
        .named(format!("Make answering {status}"))
        .expect(times)
        .mount(&server)
        .await;
    server
}

fn webhook(server: &MockServer) -> String {
    format!("{}/{TOKEN}", server.uri())
}

/// Runs the Make job against `make` with extra flags; the token must not show.
async fn trigger_against(make: &MockServer, flags: &[&str]) -> Outcome {
    let mut args = vec!["execute", "--job", "Trigger Make Scenario"];
    args.extend_from_slice(flags);
    let outcome = run_cli(&args, &[("make_webhook_url", &webhook(make))]).await;
    assert_no_token(&outcome);
    outcome
}

/// A server that fails the test if it receives anything.
async fn make_expecting_nothing() -> MockServer {
    let make = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .named("no trigger expected")
        .expect(0)
        .mount(&make)
        .await;
    make
}

fn assert_no_token(outcome: &Outcome) {
    assert!(
        !outcome.stdout.contains(TOKEN),
        "token leaked on stdout:\n{}",
        outcome.stdout
    );
    assert!(
        !outcome.stderr.contains(TOKEN),
        "token leaked on stderr:\n{}",
        outcome.stderr
    );
}

#[tokio::test]
async fn make_accepting_the_trigger_prints_the_success_report_and_exits_0() {
    let make = make_answering(200, "Accepted").await;
    let outcome = trigger_against(&make, &[]).await;
    insta::assert_snapshot!(stable(&outcome.transcript()));
}

#[tokio::test]
async fn the_real_job_sends_the_seed_payload_in_the_documented_envelope() {
    let make = make_answering(200, "Accepted").await;
    let outcome = run_cli(
        &["execute", "--job", "make-trigger-scenario"],
        &[("make_webhook_url", &webhook(&make))],
    )
    .await;
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());

    let requests = make.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        request
            .headers
            .get("content-type")
            .map(|v| v.to_str().unwrap_or("")),
        Some("application/json")
    );
    let user_agent = request
        .headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        user_agent.starts_with("runner-cli/"),
        "user agent: {user_agent}"
    );

    let mut body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
    let triggered_at = body["triggered_at"]
        .as_str()
        .expect("triggered_at is text")
        .to_owned();
    assert!(
        triggered_at.ends_with('Z') && triggered_at.parse::<jiff::Timestamp>().is_ok(),
        "triggered_at is RFC 3339 UTC: {triggered_at}"
    );
    body["triggered_at"] = json!("[checked above]");
    assert_eq!(
        body,
        json!({
            "scenario_name": "xano-data-sync",
            "triggered_at": "[checked above]",
            "data": {
                "event": "user_signup",
                "user_id": 12345,
                "email": "user@example.com",
                "plan": "premium",
                "timestamp": "2024-01-15T10:30:00Z"
            }
        })
    );
}

#[tokio::test]
async fn a_trigger_still_rate_limited_after_its_retries_reports_rate_limited_and_exits_75() {
    let make = make_answering_times(429, "Too many requests", 3).await;
    let outcome = trigger_against(&make, &["--retries", "2"]).await;
    insta::assert_snapshot!(stable(&outcome.transcript()));
}

#[tokio::test]
async fn a_webhook_with_no_scenario_listening_reports_an_error_and_exits_1() {
    let make = make_answering(410, "There is no scenario listening for this webhook.").await;
    let outcome = trigger_against(&make, &[]).await;
    insta::assert_snapshot!(stable(&outcome.transcript()));
}

#[tokio::test]
async fn a_failed_scenario_reports_an_error_and_exits_1() {
    let make = make_answering(500, "Scenario failed to complete.").await;
    let outcome = trigger_against(&make, &[]).await;
    insta::assert_snapshot!(stable(&outcome.transcript()));
}

#[tokio::test]
async fn a_missing_webhook_url_is_a_configuration_error_and_sends_nothing() {
    let outcome = run_cli(&["execute", "--job", "Trigger Make Scenario"], &[]).await;
    insta::assert_snapshot!(stable(&outcome.transcript()));
}

#[tokio::test]
async fn invalid_input_json_is_refused_before_anything_is_sent() {
    let make = make_expecting_nothing().await;
    let outcome = trigger_against(&make, &["--input", "payload={\"event\": "]).await;
    insta::assert_snapshot!(stable(&outcome.transcript()));
}

#[tokio::test]
async fn a_payload_that_is_not_an_object_is_invalid_input() {
    let make = make_expecting_nothing().await;
    let outcome = trigger_against(&make, &["--input", "payload=[1, 2]"]).await;
    assert_eq!(outcome.code, 65, "{}", outcome.transcript());
}

#[tokio::test]
async fn an_unknown_job_is_a_usage_error_with_a_suggestion() {
    let outcome = run_cli(&["execute", "--job", "Trigger Make Scenari"], &[]).await;
    insta::assert_snapshot!(stable(&outcome.transcript()));
}

#[tokio::test]
async fn the_sandbox_runs_the_job_without_a_make_account() {
    let outcome = run_cli(
        &["execute", "--job", "Trigger Make Scenario", "--sandbox"],
        &[],
    )
    .await;
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    let response: serde_json::Value =
        serde_json::from_str(&outcome.stdout).expect("stdout is JSON");
    assert_eq!(response["status"], "success");
    assert_eq!(response["http_status"], 200);
    assert_eq!(response["response_body"], "Accepted");
    // The sandbox shows what it received, envelope included.
    assert!(
        outcome.stderr.contains("sandbox: received 1 request"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome
            .stderr
            .contains("\"scenario_name\": \"xano-data-sync\""),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("content-type: application/json"),
        "{}",
        outcome.stderr
    );
}

#[tokio::test]
async fn the_webhook_token_never_appears_at_the_most_verbose_level() {
    for status in [200, 429, 410, 500] {
        let make = make_answering(status, "whatever Make says").await;
        let outcome = run_cli(
            &[
                "-vv",
                "execute",
                "--job",
                "Trigger Make Scenario",
                "--retries",
                "0",
            ],
            &[("make_webhook_url", &webhook(&make))],
        )
        .await;
        assert_no_token(&outcome);
        // The host is fine to show; it proves the logs did talk about the request.
        assert!(!outcome.stderr.is_empty());
    }
    // A refused connection is reported without the token too.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let outcome = run_cli(
        &["-vv", "execute", "--job", "Trigger Make Scenario"],
        &[(
            "make_webhook_url",
            &format!("http://127.0.0.1:{port}/{TOKEN}"),
        )],
    )
    .await;
    assert_eq!(outcome.code, 1, "{}", outcome.transcript());
    assert_no_token(&outcome);
}

#[tokio::test]
async fn list_shows_each_job_with_its_inputs_and_env() {
    let outcome = run_cli(&["list"], &[]).await;
    insta::assert_snapshot!(stable(&outcome.transcript()));
}

#[tokio::test]
async fn check_accepts_the_shipped_jobs() {
    let outcome = run_cli(&["check"], &[]).await;
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
}

#[tokio::test]
async fn check_reports_broken_job_files_with_their_location_and_exits_78() {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("broken");
    std::fs::create_dir_all(job.join("function")).expect("mkdir");
    std::fs::write(
        job.join("run.xs"),
        "run.job \"Broken\" {\n  main = { name: \"does_not_exist\" }\n}\n",
    )
    .expect("write run.xs");
    std::fs::write(
        job.join("function/f.xs"),
        "function \"f\" {\n  stack {\n    var $x { value = (1 + }\n  }\n}\n",
    )
    .expect("write f.xs");
    let outcome = run_cli(&["check", dir.path().to_str().expect("utf-8 path")], &[]).await;
    assert_eq!(outcome.code, 78, "{}", outcome.transcript());
    let stderr = outcome
        .stderr
        .replace(&dir.path().display().to_string(), "[DIR]");
    insta::assert_snapshot!(stderr);
}

#[tokio::test]
async fn a_malformed_webhook_url_is_a_configuration_error_that_does_not_echo_it() {
    let outcome = run_cli(
        &["execute", "--job", "Trigger Make Scenario"],
        &[(
            "make_webhook_url",
            "hook.eu1.make.com/k3jd8x0qpl2mz7vbn4ty6rc1wa9s5x7k",
        )],
    )
    .await;
    assert_eq!(outcome.code, 78, "{}", outcome.transcript());
    assert_no_token(&outcome);
    insta::assert_snapshot!(stable(&outcome.transcript()));
}

#[tokio::test]
async fn the_bulk_job_sends_its_records_in_chunks_with_their_own_keys() {
    let make = make_answering_times(200, "Accepted", 2).await;
    let outcome = run_cli(
        &["execute", "--job", "Bulk Sync to Make"],
        &[("make_webhook_url", &webhook(&make))],
    )
    .await;
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    assert_no_token(&outcome);

    let requests = make.received_requests().await.expect("recording is on");
    let bodies: Vec<serde_json::Value> = requests
        .iter()
        .map(|request| serde_json::from_slice(&request.body).expect("JSON body"))
        .collect();
    let ids: Vec<Vec<i64>> = bodies
        .iter()
        .map(|body| {
            body["data"]
                .as_array()
                .expect("data is the chunk")
                .iter()
                .map(|record| record["id"].as_i64().expect("id"))
                .collect()
        })
        .collect();
    assert_eq!(ids, [vec![1, 2], vec![3]], "chunks of at most 2, in order");
    let keys: Vec<&str> = requests
        .iter()
        .map(|request| {
            request
                .headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .expect("idempotency key")
        })
        .collect();
    assert!(
        keys[0].ends_with("-chunk-1") && keys[1].ends_with("-chunk-2"),
        "{keys:?}"
    );

    let report: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("stdout is JSON");
    assert_eq!(report["status"], "success");
    assert_eq!(report["attempts"], 2);
    assert_eq!(report["response_body"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_trigger_that_timed_out_after_sending_prints_an_unknown_report_on_stdout() {
    let outcome = run_cli(
        &[
            "execute",
            "--job",
            "Trigger Make Scenario",
            "--sandbox",
            "slow:3",
            "--timeout",
            "1",
            "--retries",
            "0",
        ],
        &[],
    )
    .await;
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&outcome.stdout).expect("stdout is one JSON object");
    assert_eq!(report["status"], "unknown", "{report}");
    assert!(
        report["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("may have run")),
        "{report}"
    );
}

#[tokio::test]
async fn quiet_prints_errors_only() {
    let outcome = run_cli(
        &[
            "-q",
            "execute",
            "--job",
            "Trigger Make Scenario",
            "--sandbox",
        ],
        &[],
    )
    .await;
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(outcome.stderr, "", "no sandbox dump, no logs");
    let loud = run_cli(
        &["execute", "--job", "Trigger Make Scenario", "--sandbox"],
        &[],
    )
    .await;
    assert!(
        loud.stderr.contains("sandbox: received 1 request\n"),
        "{}",
        loud.stderr
    );
}

#[tokio::test]
async fn a_plain_http_webhook_gets_a_warning_but_loopback_does_not() {
    let make = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Accepted"))
        .expect(1)
        .named("Make accepts")
        .mount(&make)
        .await;
    let local = format!("{}/{TOKEN}", make.uri());
    let outcome = run_cli(
        &["execute", "--job", "Trigger Make Scenario"],
        &[("make_webhook_url", &local)],
    )
    .await;
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(
        !outcome
            .stderr
            .contains("warning: `make_webhook_url` uses http://")
    );
    // The warning comes before the run; a missing input file then stops it
    // before anything is sent, so no remote host is ever looked up.
    let remote = format!("http://hook.eu1.make.com/{TOKEN}");
    let outcome = run_cli(
        &[
            "execute",
            "--job",
            "Trigger Make Scenario",
            "--input-file",
            "missing.json",
        ],
        &[("make_webhook_url", &remote)],
    )
    .await;
    assert_eq!(outcome.code, 65, "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .contains("warning: `make_webhook_url` uses http://"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains(TOKEN));
}

#[tokio::test]
async fn run_is_execute_and_the_job_can_be_given_as_an_argument() {
    let outcome = run_cli(&["-q", "run", "Trigger Make Scenario", "--sandbox"], &[]).await;
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let report: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("JSON");
    assert_eq!(report["status"], "success");
    let both = run_cli(
        &[
            "execute",
            "Trigger Make Scenario",
            "--job",
            "Trigger Make Scenario",
        ],
        &[],
    )
    .await;
    assert_eq!(both.code, 2, "{}", both.stderr);
    let neither = run_cli(&["execute", "--sandbox"], &[]).await;
    assert_eq!(neither.code, 2, "{}", neither.stderr);
    assert!(neither.stderr.contains("<JOB>"), "{}", neither.stderr);
}

#[tokio::test]
async fn completions_and_the_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let outcome = run_cli(&["completions", shell], &[]).await;
        assert_eq!(outcome.code, 0, "{shell}: {}", outcome.stderr);
        assert!(outcome.stdout.contains("runner-cli"), "{shell}");
    }
    let man = run_cli(&["man"], &[]).await;
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(man.stdout.contains(".TH runner-cli 1"), "{}", man.stdout);
}

/// A job whose trigger goes to `crm_webhook_url`, not `make_webhook_url`.
fn write_crm_job(dir: &Path) -> PathBuf {
    let jobs = dir.join("jobs");
    let job = jobs.join("crm");
    std::fs::create_dir_all(job.join("function")).expect("job folder");
    std::fs::write(
        job.join("run.xs"),
        "run.job \"CRM\" {\n  main = { name: \"crm\" }\n  env = [\"crm_webhook_url\", \"region\"]\n}\n",
    )
    .expect("run.xs");
    std::fs::write(
        job.join("function/crm.xs"),
        "function \"crm\" {\n  stack {\n    make.trigger_scenario {\n      webhook_url = $env.crm_webhook_url\n      scenario_name = \"crm\"\n      payload = { region: $env.region }\n    } as $result\n  }\n  response = $result\n}\n",
    )
    .expect("crm.xs");
    jobs
}

#[test]
fn the_sandbox_stands_in_for_every_url_env_var_the_job_declares() {
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = write_crm_job(dir.path());
    let run = |extra: &[&str], region: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"));
        command
            .current_dir(dir.path())
            // Each test's run history in its own folder, not beside the jobs.
            .env("RUNNER_DATABASE_URL", "sqlite://history.sqlite")
            .arg("--jobs-dir")
            .arg(&jobs)
            .args(["run", "CRM", "--sandbox"])
            .args(extra)
            .env_remove("RUST_LOG")
            .env_remove("crm_webhook_url");
        match region {
            Some(region) => command.env("region", region),
            None => command.env_remove("region"),
        };
        let output = command.output().expect("runner-cli runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    for extra in [&[][..], &["--sandbox-env", "crm_webhook_url"][..]] {
        let (code, stderr) = run(extra, Some("eu"));
        assert_eq!(code, Some(0), "{extra:?}: {stderr}");
        assert!(stderr.contains("sandbox: received 1 request"), "{stderr}");
    }
    // `region` is not a URL: the sandbox leaves it alone, so it stays required.
    let (code, stderr) = run(&[], None);
    assert_eq!(code, Some(78), "{stderr}");
    assert!(stderr.contains("region"), "{stderr}");
}

#[tokio::test]
async fn check_prints_its_problems_as_json_on_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("broken");
    std::fs::create_dir_all(&job).expect("job folder");
    std::fs::write(job.join("run.xs"), "run.job \"Broken\" {\n  main = \n}\n").expect("run.xs");
    let outcome = run_cli(
        &["check", job.to_str().expect("utf-8"), "--format", "json"],
        &[],
    )
    .await;
    assert_eq!(outcome.code, 78, "{}", outcome.stderr);
    let report: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("JSON");
    assert_eq!(report["ok"], false);
    let problem = &report["problems"][0];
    assert_eq!(problem["severity"], "error");
    assert!(problem["line"].as_u64().is_some(), "{report:#}");
    assert!(
        problem["file"]
            .as_str()
            .is_some_and(|file| file.ends_with("run.xs"))
    );
}

#[test]
fn errors_are_coloured_on_request_and_never_under_no_color() {
    let stderr = |env: &[(&str, &str)]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"));
        command
            .args(["--jobs-dir", "no-such-folder", "list"])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().expect("runs");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    // A pipe is not a terminal: plain text.
    assert!(stderr(&[]).starts_with("error: "));
    // As a terminal would get it (CLICOLOR_FORCE stands in for one): red.
    assert!(stderr(&[("CLICOLOR_FORCE", "1")]).starts_with("\u{1b}[1m\u{1b}[31merror:"));
    assert!(stderr(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).starts_with("error: "));
}

#[tokio::test]
async fn filters_lists_every_filter_with_its_arguments_and_an_example() {
    let all = run_cli(&["filters"], &[]).await;
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert!(all.stdout.lines().count() > 200, "{}", all.stdout);
    let lines: Vec<&str> = all.stdout.lines().collect();
    let replace = lines
        .iter()
        .position(|line| line.starts_with("replace "))
        .expect("replace is listed");
    assert!(
        lines[replace].ends_with("value|replace:SEARCH:REPLACEMENT"),
        "{}",
        lines[replace]
    );
    assert_eq!(
        lines[replace + 1].trim(),
        r#""Hella World"|replace:"o":"a"  →  "Hella Warld""#
    );
    // Every filter and every other name of one has its example line.
    let names = lines.iter().filter(|line| !line.starts_with(' ')).count();
    let examples = lines.iter().filter(|line| line.contains("  →  ")).count();
    assert_eq!(names, examples, "{}", all.stdout);
    let one = run_cli(&["filters", "upper"], &[]).await;
    assert_eq!(one.code, 0);
    assert_eq!(
        one.stdout
            .lines()
            .next()
            .map(str::split_whitespace)
            .map(Iterator::collect::<Vec<_>>),
        Some(vec![
            "upper",
            "value|upper",
            "(another",
            "name",
            "for",
            "`to_upper`)"
        ]),
        "{}",
        one.stdout
    );
    assert!(
        one.stdout
            .contains(r#""Epic Battle"|to_upper  →  "EPIC BATTLE""#),
        "{}",
        one.stdout
    );
    let optional = run_cli(&["filters", "substr"], &[]).await;
    assert!(
        optional.stdout.contains("value|substr:START[:LENGTH]"),
        "{}",
        optional.stdout
    );
    let typo = run_cli(&["filters", "lenght"], &[]).await;
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr
            .contains("did you mean `strlen` (for text) or `count`?"),
        "{}",
        typo.stderr
    );
}

#[tokio::test]
async fn util_sleep_waits_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("nap");
    std::fs::create_dir_all(job.join("function")).expect("mkdir");
    std::fs::write(
        job.join("run.xs"),
        "run.job \"Nap\" {\n  main = { name: \"nap\" }\n}\n",
    )
    .expect("write run.xs");
    std::fs::write(
        job.join("function/nap.xs"),
        "function \"nap\" {\n  stack {\n    util.sleep { value = 0.05 }\n  }\n  response = \"rested\"\n}\n",
    )
    .expect("write nap.xs");
    let started = std::time::Instant::now();
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .current_dir(dir.path())
        // Each test's run history in its own folder, not beside the jobs.
        .env("RUNNER_DATABASE_URL", "sqlite://history.sqlite")
        .args(["--jobs-dir", ".", "execute", "Nap"])
        .env_remove("RUST_LOG")
        .output()
        .await
        .expect("runner-cli runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "\"rested\"");
    assert!(started.elapsed() >= std::time::Duration::from_millis(50));
}

/// `execute --job` reads only the chosen job's folder: a neighbour that
/// cannot be loaded neither stops it nor slows it, while choosing the broken
/// one, or a name no job has, is reported as when every folder is loaded.
#[test]
fn execute_loads_only_the_chosen_job_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = dir.path().join("jobs");
    let write = |path: &str, bytes: &[u8]| {
        let path = jobs.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, bytes).expect("write");
    };
    write(
        "good/run.xs",
        b"run.job \"Good\" {\n  main = { name: \"f\" }\n}\n",
    );
    write(
        "good/function/f.xs",
        b"function \"f\" {\n  response = 41\n}\n",
    );
    write(
        "good/task/t.xs",
        b"task \"t\" {\n  stack {\n    function.run \"f\" as $x\n  }\n  response = $x + 1\n}\n",
    );
    write(
        "broken/run.xs",
        b"run.job \"Broken\" {\n  main = { name: \"f\" }\n}\n",
    );
    write("broken/function/f.xs", &[0xff, 0xfe, 0x00]);
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"))
            .current_dir(dir.path())
            .env("RUNNER_DATABASE_URL", "sqlite://history.sqlite")
            .env("NO_COLOR", "1")
            .env_remove("RUST_LOG")
            .arg("--jobs-dir")
            .arg(&jobs)
            .args(args)
            .output()
            .expect("runner-cli runs");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = run(&["execute", "--job", "Good"]);
    assert_eq!((code, stdout.trim()), (0, "41"), "{stderr}");
    let (code, stdout, stderr) = run(&["execute", "Good", "--task", "t"]);
    assert_eq!((code, stdout.trim()), (0, "42"), "{stderr}");
    let (code, _, stderr) = run(&["execute", "--job", "Broken"]);
    assert_eq!(code, 78, "{stderr}");
    assert!(stderr.contains("job `Broken`"), "{stderr}");
    assert!(stderr.contains("f.xs"), "{stderr}");
    let (code, _, stderr) = run(&["execute", "--job", "Goood"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("did you mean `Good`? available jobs: `Broken`, `Good`"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["execute", "Good", "--task", "nope"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("1 job folder could not be loaded"),
        "{stderr}"
    );
}
