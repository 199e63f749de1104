//! The table of (secret shape × output channel): one job that leaks every
//! secret it has every way it can, run through every channel, each channel
//! grepped for every form of every secret.

use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "t0k3nZx9Qw8Er7Ty6Ui5Op4As3Df2Gh1";
/// Too short for the text scrubber: hidden where it is a whole value.
const API_KEY: &str = "k3y";
const QUOTED: &str = "S3cr\"et\tVal";
const PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n";
const PIN: i64 = 1200;
const PASSWORD: &str = "pa55-w0rd-Zq";
const USER: &str = "svc-r0b0t-7";

/// The secrets that can be grepped for: long enough to be unmistakable.
fn greppable() -> Vec<&'static str> {
    vec![
        TOKEN,
        API_KEY,
        QUOTED,
        PEM,
        PEM.trim(),
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
        PASSWORD,
        USER,
        "d3fault-Secr3t-Value",
    ]
}

/// Every form a secret takes in text.
pub(super) fn forms(secret: &str) -> Vec<String> {
    let escaped = serde_json::to_string(secret).expect("a string");
    let escaped = escaped[1..escaped.len() - 1].to_owned();
    let twice = serde_json::to_string(&escaped).expect("a string");
    let twice = twice[1..twice.len() - 1].to_owned();
    let encoded: String = secret
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect();
    vec![secret.to_owned(), escaped, twice, encoded]
}

/// Ids that look like anything: UUIDs and line hashes may hold `1200` by chance.
fn without_ids(text: &str) -> String {
    let ids = regex::Regex::new(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}",
    )
    .expect("valid regex");
    ids.replace_all(text, "#").into_owned()
}

fn assert_no_secret(channel: &str, text: &str) {
    let text = without_ids(text);
    for secret in greppable() {
        for form in forms(secret) {
            assert!(
                !text.contains(&form),
                "{channel}: the secret {secret:?} leaked as {form:?}:\n{text}"
            );
        }
    }
    // The pin is a number: it leaks as a number of its own, not as four
    // digits inside a longer one (a timestamp such as ...812004... holds
    // `1200` by chance, and failed this check once).
    let pin = regex::Regex::new(&format!(r"(^|[^0-9]){PIN}([^0-9]|$)")).expect("valid regex");
    assert!(!pin.is_match(&text), "{channel}: the pin leaked:\n{text}");
}

/// The values that cannot be grepped for (`true`, `null`, `": "`, 1200)
/// are checked where they were returned: placeholder strings, valid JSON.
fn assert_redacted_response(channel: &str, response: &Json) {
    let input = &response["input"];
    for field in ["quoted", "pem", "pin", "creds", "word", "sep"] {
        assert_eq!(
            input[field]
                .as_str()
                .map(|text| text.starts_with("[redacted")),
            Some(true),
            "{channel}: input `{field}` is not a placeholder: {response:#}"
        );
    }
    assert_eq!(response["flag"], "[redacted]", "{channel}: {response:#}");
    assert_eq!(response["env"]["dry_run"], "[redacted]", "{channel}");
    assert_eq!(response["ok"], true, "{channel}: a plain boolean stays");
    assert_eq!(
        response["note"],
        Json::Null,
        "{channel}: a plain null stays"
    );
}

/// Answers with the request's own body: a response that echoes the request.
struct Echo(u16);

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        ResponseTemplate::new(self.0)
            .insert_header("content-type", "application/json")
            .set_body_bytes(request.body.clone())
    }
}

pub(super) async fn echoing_make(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(Echo(status))
        .named("echoing Make")
        .mount(&server)
        .await;
    server
}

fn write_job(dir: &Path) -> PathBuf {
    let jobs = dir.join("jobs");
    let job = jobs.join("secret-table");
    std::fs::create_dir_all(job.join("function")).expect("job folder");
    std::fs::write(
        job.join("run.xs"),
        r#"run.job "Secret Table" {
  main = { name: "leak_everything", input: {} }
  env = ["make_webhook_url", "dry_run"]
}
"#,
    )
    .expect("run.xs");
    std::fs::write(
        job.join("function/leak_everything.xs"),
        r#"function "leak_everything" {
  input {
    text quoted { sensitive = true }
    text pem { sensitive = true }
    int pin { sensitive = true }
    json creds { sensitive = true }
    text word { sensitive = true }
    text sep { sensitive = true }
    text secret_default?="d3fault-Secr3t-Value" { sensitive = true }
  }
  stack {
    debug.log { value = $env }
    debug.log { value = $input }
    debug.log { value = "pin " ~ $input.pin ~ " as " ~ $input.creds.password }
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "table"
      payload = { input: $input, dry_run: $env.dry_run, url: $env.make_webhook_url }
    } as $result
  }
  response = { status: $result.status, env: $env, input: $input, result: $result, flag: $env.dry_run, ok: true, note: null }
}
"#,
    )
    .expect("function");
    jobs
}

fn record() -> Json {
    json!({
        "quoted": QUOTED,
        "pem": PEM,
        "pin": PIN,
        "creds": {"user": USER, "password": PASSWORD},
        "word": "null",
        "sep": "\": \"",
    })
}

pub(super) struct Ran {
    pub(super) code: i32,
    pub(super) stdout: String,
    pub(super) stderr: String,
}

pub(super) fn run(dir: &Path, jobs: &Path, args: &[&str], webhook: Option<&str>) -> Ran {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"));
    command
        .current_dir(dir)
        .arg("-vv")
        .arg("--jobs-dir")
        .arg(jobs)
        .args(args)
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .env("RUNNER_MAKE_RATE", "off")
        .env("dry_run", "true")
        .env("make_api_key", API_KEY)
        .stdin(std::process::Stdio::null());
    if let Some(webhook) = webhook {
        command.env("make_webhook_url", webhook);
    }
    let output = command.output().expect("runner-cli runs");
    Ran {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every file under `dir` the tool wrote (all but the job and the input).
pub(super) fn files_written(dir: &Path, except: &[&Path]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("list").flatten() {
            let path = entry.path();
            if path.ends_with("jobs") || except.iter().any(|skip| *skip == path) {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else {
                let text =
                    String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
                found.push((path, text));
            }
        }
    }
    found
}

fn input_flags() -> Vec<String> {
    let record = record();
    let fields = record.as_object().expect("an object");
    let mut flags = vec![
        "execute".to_owned(),
        "--job".to_owned(),
        "Secret Table".to_owned(),
    ];
    for (name, value) in fields {
        flags.push("--input".to_owned());
        let value = match value {
            Json::String(text) => text.clone(),
            other => other.to_string(),
        };
        flags.push(format!("{name}={value}"));
    }
    flags
}

#[tokio::test]
async fn a_single_run_leaks_no_secret_on_any_channel_and_prints_valid_json() {
    let make = echoing_make(200).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = write_job(dir.path());
    let flags = input_flags();
    let args: Vec<&str> = flags.iter().map(String::as_str).collect();
    let ran = run(
        dir.path(),
        &jobs,
        &args,
        Some(&format!("{}/{TOKEN}", make.uri())),
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    let response: Json = serde_json::from_str(&ran.stdout).expect("stdout is JSON");
    assert_redacted_response("stdout", &response);
    assert_no_secret("stdout", &ran.stdout);
    assert_no_secret("stderr -vv", &ran.stderr);
    assert!(
        ran.stderr.contains("xanoscript::debug_log"),
        "{}",
        ran.stderr
    );
    for (path, text) in files_written(dir.path(), &[]) {
        assert_no_secret(&path.display().to_string(), &text);
    }
}

#[tokio::test]
async fn the_sandbox_dump_leaks_no_secret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = write_job(dir.path());
    let mut flags = input_flags();
    flags.push("--sandbox".to_owned());
    let args: Vec<&str> = flags.iter().map(String::as_str).collect();
    let ran = run(
        dir.path(),
        &jobs,
        &args,
        Some(&format!("https://hook.eu1.make.com/{TOKEN}")),
    );
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert!(
        ran.stderr.contains("x-make-apikey: [redacted]"),
        "{}",
        ran.stderr
    );
    let response: Json = serde_json::from_str(&ran.stdout).expect("stdout is JSON");
    assert_redacted_response("sandbox stdout", &response);
    assert_no_secret("sandbox stdout", &ran.stdout);
    assert_no_secret("sandbox stderr -vv", &ran.stderr);
}

#[tokio::test]
async fn a_batch_leaks_no_secret_in_its_lines_journal_or_dead_letters() {
    for status in [200, 410] {
        let make = echoing_make(status).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let jobs = write_job(dir.path());
        let input = dir.path().join("records.jsonl");
        std::fs::write(&input, format!("{}\n{}\n", record(), record())).expect("records");
        let ran = run(
            dir.path(),
            &jobs,
            &[
                "execute",
                "--job",
                "Secret Table",
                "--each",
                "records.jsonl",
            ],
            Some(&format!("{}/{TOKEN}", make.uri())),
        );
        let expected = if status == 200 { 0 } else { 1 };
        assert_eq!(ran.code, expected, "{}{}", ran.stdout, ran.stderr);
        for line in ran.stdout.lines() {
            let record: Json = serde_json::from_str(line).expect("each line is JSON");
            if status == 200 {
                assert_redacted_response("batch line", &record["response"]);
            }
        }
        assert_no_secret("batch stdout", &ran.stdout);
        assert_no_secret("batch stderr -vv", &ran.stderr);
        let written = files_written(dir.path(), &[&input]);
        let names: Vec<String> = written
            .iter()
            .filter_map(|(path, _)| {
                path.file_name()
                    .map(|name| name.to_string_lossy().into_owned())
            })
            .collect();
        assert!(
            names.contains(&"records.jsonl.journal.jsonl".to_owned()),
            "{names:?}"
        );
        if status == 410 {
            assert!(
                names.contains(&"records.jsonl.dead-letter.jsonl".to_owned()),
                "{names:?}"
            );
        }
        for (path, text) in &written {
            assert_no_secret(&path.display().to_string(), text);
        }
    }
}

#[tokio::test]
async fn a_dead_letter_with_redacted_values_is_refused_when_fed_back() {
    let make = echoing_make(410).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = write_job(dir.path());
    std::fs::write(dir.path().join("records.jsonl"), format!("{}\n", record())).expect("records");
    let webhook = format!("{}/{TOKEN}", make.uri());
    let first = run(
        dir.path(),
        &jobs,
        &[
            "execute",
            "--job",
            "Secret Table",
            "--each",
            "records.jsonl",
        ],
        Some(&webhook),
    );
    assert_eq!(first.code, 1, "{}", first.stderr);
    let sent = make.received_requests().await.expect("recorded").len();
    let again = run(
        dir.path(),
        &jobs,
        &[
            "execute",
            "--job",
            "Secret Table",
            "--each",
            "records.jsonl.dead-letter.jsonl",
        ],
        Some(&webhook),
    );
    assert_eq!(again.code, 1, "{}", again.stderr);
    let line: Json = serde_json::from_str(again.stdout.trim()).expect("one JSON line");
    assert_eq!(line["state"], "invalid");
    let message = line["error"]["message"].as_str().expect("a message");
    assert!(message.contains("put the real value back"), "{message}");
    assert_eq!(
        make.received_requests().await.expect("recorded").len(),
        sent,
        "the placeholder was never sent as a secret"
    );
}

#[test]
fn a_forgotten_env_flag_or_a_url_in_the_wrong_place_is_not_echoed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = write_job(dir.path());
    let url = format!("https://hook.eu1.make.com/{TOKEN}");
    let bare = format!("make_webhook_url={url}");
    for args in [
        vec!["execute", "--job", "Secret Table", bare.as_str()],
        vec![
            "execute",
            "--job",
            "Secret Table",
            "--timeout",
            url.as_str(),
        ],
        vec![
            "execute",
            "--job",
            "Secret Table",
            "--sandbox",
            url.as_str(),
        ],
    ] {
        let ran = run(dir.path(), &jobs, &args, None);
        assert_eq!(ran.code, 2, "{args:?}: {}", ran.stderr);
        assert_no_secret(&format!("usage error {args:?}"), &ran.stderr);
    }
}

#[test]
fn a_malformed_dotenv_names_its_line_and_never_prints_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = write_job(dir.path());
    for text in [
        format!(
            "dry_run=true\nmake_webhook_url=\"https://hook.eu1.make.com/{TOKEN}\nmake_api_key={PASSWORD}\n"
        ),
        format!("make_webhook_url http://hook.eu1.make.com/{TOKEN}\n"),
    ] {
        std::fs::write(dir.path().join(".env"), &text).expect(".env");
        let mut flags = input_flags();
        flags.push("--sandbox".to_owned());
        let args: Vec<&str> = flags.iter().map(String::as_str).collect();
        let ran = run(dir.path(), &jobs, &args, None);
        assert_eq!(ran.code, 78, "{}", ran.stderr);
        assert!(ran.stderr.contains(".env` line "), "{}", ran.stderr);
        assert_no_secret(".env error", &ran.stderr);
    }
}

#[test]
fn a_typo_webhook_url_is_refused_before_any_lookup_and_not_echoed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = write_job(dir.path());
    for url in [
        format!("https:///{TOKEN}"),
        format!("https:{TOKEN}"),
        format!("http://{TOKEN}:80/"),
    ] {
        let flags = input_flags();
        let args: Vec<&str> = flags.iter().map(String::as_str).collect();
        let ran = run(dir.path(), &jobs, &args, Some(&url));
        assert_eq!(ran.code, 78, "{url}: {}", ran.stderr);
        assert!(ran.stderr.contains("not a host name"), "{}", ran.stderr);
        assert_no_secret(&format!("typo URL {url}"), &ran.stderr);
        assert_no_secret(&format!("typo URL {url}"), &ran.stdout);
    }
}

#[test]
fn list_hides_the_defaults_of_sensitive_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = write_job(dir.path());
    for format in ["text", "json"] {
        let ran = run(dir.path(), &jobs, &["list", "--format", format], None);
        assert_eq!(ran.code, 0, "{}", ran.stderr);
        assert!(
            !ran.stdout.contains("d3fault-Secr3t-Value"),
            "{}",
            ran.stdout
        );
        assert!(ran.stdout.contains("[redacted]"), "{}", ran.stdout);
        if format == "json" {
            let _: Json = serde_json::from_str(&ran.stdout).expect("JSON");
        }
    }
}

#[test]
fn the_pin_check_catches_the_pin_as_a_number_and_not_inside_a_timestamp() {
    assert_no_secret("a timestamp", r#"{"started_ms":1765081200412}"#);
    for leaked in [r#"{"pin":1200}"#, "pin 1200 sent", "1200"] {
        let caught = std::panic::catch_unwind(|| assert_no_secret("a leak", leaked));
        assert!(caught.is_err(), "{leaked} passed the check");
    }
}
