//! Neither the webhook token nor the API key ever reaches stdout or stderr,
//! at the most verbose log level, through every way a trigger can go wrong;
//! and Ctrl-C stops a run at once with exit code 130.
//!
//! The table at the end runs one job that logs, sends and returns every
//! secret it has, in every shape a secret takes (a URL token, a 3-character
//! API key, text with a quote and a tab, a PEM key with newlines, an `int`,
//! a `json` object, texts that look like JSON: `true`, `null`, `": "`),
//! through every output channel (stdout, stderr at `-vv`, the sandbox's
//! dump, a batch's lines, journal and dead-letter file, every file the tool
//! writes, usage errors, a malformed `.env`, `list`), and greps each for
//! every form of each secret (raw, JSON-escaped, escaped twice,
//! percent-encoded); stdout must parse as JSON.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "q8w7e6r5t4y3u2i1o0p9a8s7d6f5g4h3";
const API_KEY: &str = "mk-apikey-Zx81Lq0s9Pw2Kd7";

fn jobs_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../jobs")
}

fn command(extra: &[&str], webhook: &str, cwd: &Path) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"));
    command
        .current_dir(cwd)
        // Each test's run history in its own folder, not beside the jobs.
        .env("RUNNER_DATABASE_URL", "sqlite://history.sqlite")
        .arg("-vv")
        .arg("--jobs-dir")
        .arg(jobs_dir())
        .args(["execute", "--job", "Trigger Make Scenario"])
        .args(extra)
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .env("make_webhook_url", webhook)
        .env("make_api_key", API_KEY);
    command
}

async fn run(extra: &[&str], webhook: &str) -> (i32, String) {
    let cwd = tempfile::tempdir().expect("temp dir");
    let output = command(extra, webhook, cwd.path())
        .output()
        .await
        .expect("runner-cli runs");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), all)
}

fn assert_clean(case: &str, output: &str) {
    assert!(
        !output.contains(TOKEN),
        "{case}: webhook token leaked:\n{output}"
    );
    assert!(
        !output.contains(API_KEY),
        "{case}: API key leaked:\n{output}"
    );
    // The token's tail is allowed (`…g4h3`), but no longer piece of it.
    assert!(
        !output.contains(&TOKEN[..12]),
        "{case}: part of the token leaked:\n{output}"
    );
}

/// A server that answers each request with the next template, then the last one forever.
async fn make_answering(answers: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    let count = answers.len();
    for (index, answer) in answers.into_iter().enumerate() {
        let mock = Mock::given(method("POST")).respond_with(answer);
        let mock = if index + 1 < count {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        // Later mounts have lower priority, so the answers come in order.
        mock.with_priority(u8::try_from(index + 1).unwrap_or(u8::MAX))
            .mount(&server)
            .await;
    }
    server
}

fn text(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "text/plain; charset=utf-8")
        .set_body_string(body)
}

#[tokio::test]
async fn no_failure_leaks_the_webhook_token_or_the_api_key() {
    let retry_now = |status: u16, body: &str| text(status, body).insert_header("retry-after", "0");
    let cases: Vec<(&str, Vec<ResponseTemplate>, Vec<&str>, i32)> = vec![
        ("accepted", vec![text(200, "Accepted")], vec![], 0),
        (
            "429 then 200",
            vec![retry_now(429, "Too many requests"), text(200, "Accepted")],
            vec![],
            0,
        ),
        (
            "503 twice then 200",
            vec![
                retry_now(503, "Service Unavailable"),
                retry_now(503, "Service Unavailable"),
                text(200, "Accepted"),
            ],
            vec![],
            0,
        ),
        (
            "500 scenario failed",
            vec![text(500, "Scenario failed to complete.")],
            vec![],
            1,
        ),
        ("410 gone", vec![text(410, "Webhook not found.")], vec![], 1),
        (
            "400 queue full",
            vec![text(400, "Queue is full.")],
            vec![],
            1,
        ),
        (
            "429 until the retries run out",
            vec![retry_now(429, "Too many requests")],
            vec!["--retries", "2"],
            75,
        ),
        (
            "429 asking for a wait over the cap",
            vec![text(429, "Too many requests").insert_header("retry-after", "3600")],
            vec![],
            75,
        ),
        (
            "302 redirect not followed",
            vec![
                ResponseTemplate::new(302)
                    .insert_header("location", format!("http://127.0.0.1:1/{TOKEN}").as_str()),
            ],
            vec![],
            1,
        ),
        (
            "timeout",
            vec![text(200, "Accepted").set_delay(Duration::from_secs(3))],
            vec!["--timeout", "0.3"],
            1,
        ),
        (
            "timeout retried as ambiguous",
            vec![text(200, "Accepted").set_delay(Duration::from_secs(3))],
            vec!["--timeout", "0.3", "--retries", "1", "--retry-ambiguous"],
            1,
        ),
        (
            "12 MiB answer",
            vec![ResponseTemplate::new(200).set_body_string("x".repeat(12 * 1024 * 1024))],
            vec![],
            0,
        ),
    ];
    for (case, answers, flags, expected_code) in cases {
        let make = make_answering(answers).await;
        let (code, output) = run(&flags, &format!("{}/{TOKEN}", make.uri())).await;
        assert_eq!(
            code, expected_code,
            "{case}: unexpected exit code:\n{output}"
        );
        assert_clean(case, &output);
        // The key did go out, as a header, without being shown.
        let requests = make.received_requests().await.expect("recording is on");
        assert!(
            requests.iter().all(|request| request
                .headers
                .get("x-make-apikey")
                .is_some_and(|v| v == API_KEY)),
            "{case}: x-make-apikey missing"
        );
    }

    // A refused connection, retried and given up.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let (code, output) = run(
        &["--retries", "1"],
        &format!("http://127.0.0.1:{port}/{TOKEN}"),
    )
    .await;
    assert_eq!(code, 1, "refused: {output}");
    assert_clean("refused", &output);

    // A payload over Make's 5 MB limit is refused before anything is sent.
    let make = make_answering(vec![text(200, "Accepted")]).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.json");
    std::fs::write(
        &big,
        format!("{{\"blob\": \"{}\"}}", "y".repeat(6 * 1024 * 1024)),
    )
    .expect("write");
    let payload = format!("payload=@{}", big.display());
    let (code, output) = run(&["--input", &payload], &format!("{}/{TOKEN}", make.uri())).await;
    assert_eq!(code, 65, "oversize: {output}");
    assert!(
        output.contains("5242880"),
        "oversize names the limit: {output}"
    );
    assert_clean("oversize", &output);
    assert!(
        make.received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

#[tokio::test]
async fn a_debug_log_of_the_env_is_redacted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("leaky");
    std::fs::create_dir_all(job.join("function")).expect("mkdir");
    std::fs::write(
        job.join("run.xs"),
        "run.job \"Leaky\" {\n  main = { name: \"leak\" }\n  env = [\"make_webhook_url\"]\n}\n",
    )
    .expect("write run.xs");
    std::fs::write(
        job.join("function/leak.xs"),
        "function \"leak\" {\n  stack {\n    debug.log { value = $env.make_webhook_url }\n  }\n  response = { url: $env.make_webhook_url }\n}\n",
    )
    .expect("write leak.xs");
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .current_dir(dir.path())
        // Each test's run history in its own folder, not beside the jobs.
        .env("RUNNER_DATABASE_URL", "sqlite://history.sqlite")
        .args(["-vv", "--jobs-dir"])
        .arg(dir.path())
        .args(["execute", "--job", "Leaky"])
        .env_remove("RUST_LOG")
        .env(
            "make_webhook_url",
            format!("https://hook.eu1.make.com/{TOKEN}"),
        )
        .output()
        .await
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    assert_clean("debug.log", &format!("{stdout}{stderr}"));
    assert!(stdout.contains("[redacted:…g4h3]"), "{stdout}");
}

#[cfg(unix)]
#[tokio::test]
async fn ctrl_c_during_a_request_stops_at_once_with_exit_130() {
    stop_during_a_request("-INT", 130).await;
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_during_a_request_stops_at_once_with_exit_143() {
    stop_during_a_request("-TERM", 143).await;
}

#[cfg(unix)]
async fn stop_during_a_request(signal: &str, code: i32) {
    let make = make_answering(vec![
        text(200, "Accepted").set_delay(Duration::from_secs(20)),
    ])
    .await;
    let cwd = tempfile::tempdir().expect("temp dir");
    let child = command(&[], &format!("{}/{TOKEN}", make.uri()), cwd.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Wait until the request has reached the server, then interrupt.
    for _ in 0..100 {
        if !make
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let pid = child.id().expect("pid").to_string();
    let started = std::time::Instant::now();
    let status = std::process::Command::new("kill")
        .args([signal, &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let output = tokio::time::timeout(Duration::from_secs(10), child.wait_with_output())
        .await
        .expect("stops within 10 s")
        .expect("output");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains("may have received"), "{stderr}");
    // Make had the request when the stop came: the report says `unknown`.
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is a JSON report");
    assert_eq!(report["status"], "unknown", "{report}");
    assert_clean("ctrl-c", &stderr);
    assert_clean("ctrl-c stdout", &report.to_string());
}

/// A job whose function logs and returns its one `sensitive` input.
fn sensitive_echo_job(dir: &Path) {
    let job = dir.join("sensitive");
    std::fs::create_dir_all(job.join("function")).expect("mkdir");
    std::fs::write(
        job.join("run.xs"),
        "run.job \"Sensitive\" {\n  main = { name: \"echo\" }\n}\n",
    )
    .expect("write run.xs");
    std::fs::write(
        job.join("function/echo.xs"),
        "function \"echo\" {\n  input {\n    text api_token {\n      sensitive = true\n    }\n  }\n  stack {\n    debug.log { value = \"token is \" ~ $input.api_token }\n  }\n  response = { token: $input.api_token }\n}\n",
    )
    .expect("write echo.xs");
}

async fn run_in(dir: &Path, args: &[String]) -> (Option<i32>, String, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .current_dir(dir)
        // Each test's run history in its own folder, not beside the jobs.
        .env("RUNNER_DATABASE_URL", "sqlite://history.sqlite")
        .args(["-vv", "--jobs-dir"])
        .arg(dir)
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .await
        .expect("runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn a_sensitive_input_is_redacted_in_logs_and_the_response() {
    let dir = tempfile::tempdir().expect("temp dir");
    sensitive_echo_job(dir.path());
    let secret = "sk-live-9f8e7d6c5b4a3210";
    let args: Vec<String> = ["execute", "--job", "Sensitive", "--input"]
        .iter()
        .map(|arg| (*arg).to_owned())
        .chain([format!("api_token={secret}")])
        .collect();
    let (code, stdout, stderr) = run_in(dir.path(), &args).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        !stdout.contains(secret) && !stderr.contains(secret),
        "{stdout}{stderr}"
    );
    assert!(stdout.contains("[redacted:…3210]"), "{stdout}");
    assert!(stderr.contains("token is [redacted:…3210]"), "{stderr}");
}

#[tokio::test]
async fn each_batch_record_hides_its_own_sensitive_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    sensitive_echo_job(dir.path());
    let secrets = ["sk-live-aaaaaaaaaaaa1111", "sk-live-bbbbbbbbbbbb2222"];
    let records = dir.path().join("records.jsonl");
    std::fs::write(
        &records,
        secrets
            .iter()
            .map(|secret| format!("{{\"api_token\": \"{secret}\"}}\n"))
            .collect::<String>(),
    )
    .expect("write records");
    let args: Vec<String> = ["execute", "--job", "Sensitive", "--each"]
        .iter()
        .map(|arg| (*arg).to_owned())
        .chain([records.display().to_string()])
        .collect();
    let (code, stdout, stderr) = run_in(dir.path(), &args).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    for secret in secrets {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{stdout}{stderr}"
        );
    }
    assert!(stderr.contains("token is [redacted:…1111]"), "{stderr}");
    assert!(stderr.contains("token is [redacted:…2222]"), "{stderr}");
}

#[path = "secrets/table.rs"]
mod table;

#[path = "secrets/table_fields.rs"]
mod table_fields;
