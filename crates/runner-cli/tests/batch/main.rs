//! End-to-end tests of `execute --each`: the real binary runs batches
//! against a small Make stand-in on 127.0.0.1 (`fake_make`); `resume` holds
//! the tests of what `--resume` may skip.

mod fake_make;
mod input;
mod resume;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt;

use self::fake_make::{FakeMake, Plan, Received, webhook_at};

/// Shaped like a real Make token: 32 lowercase letters and digits.
const TOKEN: &str = "k3jd8x0qpl2mz7vbn4ty6rc1wa9s5x7k";
const JOB: &str = "Trigger Make Scenario";

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Outcome {
    fn transcript(&self) -> String {
        format!(
            "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// The stdout lines, parsed.
    fn records(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).expect("stdout lines are JSON"))
            .collect()
    }

    fn states(&self) -> HashMap<String, usize> {
        let mut states = HashMap::new();
        for record in self.records() {
            let state = record["state"].as_str().unwrap_or("?").to_owned();
            *states.entry(state).or_default() += 1;
        }
        states
    }
}

fn jobs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../jobs")
}

fn command(
    cwd: &Path,
    args: &[&str],
    webhook: &str,
    env: &[(&str, &str)],
) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"));
    command
        .current_dir(cwd)
        // Each test's run history in its own folder, not beside the jobs.
        .env("RUNNER_DATABASE_URL", "sqlite://history.sqlite")
        .arg("--jobs-dir")
        .arg(jobs_dir())
        .args(["execute", "--job", JOB])
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("RUNNER_JOBS_DIR")
        .env_remove("RUNNER_MAKE_RATE")
        .env("make_webhook_url", webhook)
        .env("NO_COLOR", "1")
        .kill_on_drop(true);
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

async fn run_batch(cwd: &Path, args: &[&str], webhook: &str, env: &[(&str, &str)]) -> Outcome {
    let output = command(cwd, args, webhook, env)
        .stdin(Stdio::null())
        .output()
        .await
        .expect("runner-cli runs");
    outcome_of(&output)
}

fn outcome_of(output: &std::process::Output) -> Outcome {
    let outcome = Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !outcome.stdout.contains(TOKEN) && !outcome.stderr.contains(TOKEN),
        "the webhook token leaked:\n{}",
        outcome.transcript()
    );
    outcome
}

/// Starts a batch, waits until Make has seen `seen` requests, sends
/// `signal` (`-INT`, `-TERM`), and returns how the batch ended.
async fn stop_batch_with(
    signal: &str,
    cwd: &Path,
    args: &[&str],
    make: &FakeMake,
    seen: usize,
) -> Outcome {
    let child = command(cwd, args, &make.webhook(), &[])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runner-cli starts");
    while make.log().len() < seen {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let pid = child.id().expect("running").to_string();
    let sent = std::process::Command::new("kill")
        .args([signal, &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    outcome_of(&child.wait_with_output().await.expect("ends"))
}

/// The batch's stdin fed with `input`, then closed.
async fn run_with_stdin(cwd: &Path, args: &[&str], webhook: &str, input: &str) -> Outcome {
    let mut child = command(cwd, args, webhook, &[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runner-cli starts");
    let mut stdin = child.stdin.take().expect("stdin");
    // The batch may refuse before reading everything: a closed pipe is fine.
    let _ = stdin.write_all(input.as_bytes()).await;
    drop(stdin);
    outcome_of(&child.wait_with_output().await.expect("ends"))
}

/// `count` records `{"payload": {"id": N}}`, ids from 0.
fn write_records(dir: &Path, count: i64) -> PathBuf {
    let path = dir.join("records.jsonl");
    let text: String = (0..count)
        .map(|id| format!("{{\"payload\": {{\"id\": {id}}}}}\n"))
        .collect();
    std::fs::write(&path, text).expect("write records");
    path
}

fn read_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON lines"))
        .collect()
}

/// Ids Make accepted, with how many times each.
fn accepted_ids(log: &[Received]) -> HashMap<i64, usize> {
    let mut ids = HashMap::new();
    for seen in log.iter().filter(|seen| seen.status == 200) {
        *ids.entry(seen.id).or_default() += 1;
    }
    ids
}

/// Replaces what changes from run to run.
fn stable(text: &str) -> String {
    let mut text = text.to_owned();
    for (pattern, replacement) in [
        (
            r"in [0-9.]+ (ms|s) \([0-9]+/s\)",
            "in [DURATION] ([RATE]/s)",
        ),
        (
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "[UUID]",
        ),
    ] {
        let re = regex::Regex::new(pattern).expect("valid test regex");
        text = re.replace_all(&text, replacement).into_owned();
    }
    text
}

#[tokio::test]
async fn a_thousand_records_at_default_settings_see_no_429_and_each_arrives_once() {
    // Make's 300 per 10 s, scaled 40 times faster on both sides; the
    // stand-in's window is 10% shorter to absorb the local network's jitter.
    let make = FakeMake::start(Plan {
        rate: Some((300, Duration::from_millis(225))),
        ..Plan::accept()
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let records = write_records(dir.path(), 1_000);
    let started = Instant::now();
    let outcome = run_batch(
        dir.path(),
        &["--each", records.to_str().expect("utf-8 path")],
        &make.webhook(),
        &[("RUNNER_MAKE_RATE", "300/250ms")],
    )
    .await;
    let elapsed = started.elapsed();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);

    let log = make.log();
    let too_many = log.iter().filter(|seen| seen.status == 429).count();
    assert_eq!(too_many, 0, "the stand-in answered 429 {too_many} times");
    assert_eq!(log.len(), 1_000, "one request per record");
    let ids = accepted_ids(&log);
    assert_eq!(ids.len(), 1_000);
    assert!(
        ids.values().all(|count| *count == 1),
        "a record arrived twice"
    );
    // 1,000 starts at 300 per 250 ms cannot finish before the third window.
    assert!(elapsed >= Duration::from_millis(500), "took {elapsed:?}");

    assert_eq!(
        outcome.states(),
        HashMap::from([("delivered".to_owned(), 1_000)])
    );
    let journal = read_lines(&dir.path().join("records.jsonl.journal.jsonl"));
    assert_eq!(journal.len(), 1_001, "a header and one entry per record");
    assert!(
        outcome.stderr.contains("1000 delivered, 0 dead-lettered"),
        "{}",
        outcome.stderr
    );
    assert!(!dir.path().join("records.jsonl.dead-letter.jsonl").exists());
}

#[tokio::test]
async fn with_injected_faults_every_record_ends_delivered_or_dead_lettered() {
    // Nothing listens at first: the first triggers find the connection refused.
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        probe.local_addr().expect("address").port()
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let records = write_records(dir.path(), 200);
    let child = command(
        dir.path(),
        &[
            "--each",
            records.to_str().expect("utf-8 path"),
            "--retries",
            "10",
        ],
        &webhook_at(port),
        &[("RUNNER_MAKE_RATE", "off")],
    )
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("runner-cli starts");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let make = FakeMake::start_on(
        port,
        Plan {
            answer: Box::new(|id, earlier| match id {
                // Gone for good: dead-lettered at once.
                5 | 55 | 105 => (410, None),
                // Rate limited whatever the retries: dead-lettered as rate limited.
                77 => (429, Some("0")),
                _ if id % 10 == 1 && earlier == 0 => (503, None),
                _ if id % 10 == 2 && earlier == 0 => (429, Some("0")),
                _ => (200, None),
            }),
            ..Plan::accept()
        },
    )
    .await;
    let output = child.wait_with_output().await.expect("runner-cli ends");
    let outcome = outcome_of(&output);

    assert_eq!(
        outcome.code, 75,
        "rate limited wins over failed:\n{}",
        outcome.stderr
    );
    let states = outcome.states();
    assert_eq!(states.get("delivered"), Some(&196), "{states:?}");
    assert_eq!(states.get("failed"), Some(&3), "{states:?}");
    assert_eq!(states.get("rate_limited"), Some(&1), "{states:?}");
    assert_eq!(states.values().sum::<usize>(), 200);
    assert!(
        outcome.stderr.contains(
            "196 delivered, 4 dead-lettered (3 failed, 1 rate limited, 0 invalid), 0 skipped"
        ),
        "{}",
        outcome.stderr
    );

    let ids = accepted_ids(&make.log());
    assert_eq!(ids.len(), 196);
    assert!(
        ids.values().all(|count| *count == 1),
        "a record arrived twice"
    );
    let dead = read_lines(&dir.path().join("records.jsonl.dead-letter.jsonl"));
    let mut dead_ids: Vec<i64> = dead
        .iter()
        .map(|entry| entry["original"]["payload"]["id"].as_i64().expect("id"))
        .collect();
    dead_ids.sort_unstable();
    assert_eq!(dead_ids, [5, 55, 77, 105]);
    let gone = dead
        .iter()
        .find(|entry| entry["original"]["payload"]["id"] == 5)
        .expect("id 5");
    assert_eq!(gone["dead_letter"]["line"], 6);
    assert_eq!(gone["dead_letter"]["state"], "failed");
    let reason = gone["dead_letter"]["error"].as_str().expect("a reason");
    assert!(reason.contains("Make answered 410"), "{reason}");
    let limited = dead
        .iter()
        .find(|entry| entry["original"]["payload"]["id"] == 77)
        .expect("id 77");
    assert_eq!(limited["dead_letter"]["attempts"], 11);
}

#[tokio::test]
async fn a_batch_killed_mid_way_resumes_and_only_in_flight_records_arrive_twice() {
    let make = FakeMake::start(Plan {
        delay: Duration::from_millis(15),
        ..Plan::accept()
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let records = write_records(dir.path(), 300);
    let each = records.to_str().expect("utf-8 path");
    let mut child = command(
        dir.path(),
        &["--each", each],
        &make.webhook(),
        &[("RUNNER_MAKE_RATE", "off")],
    )
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("runner-cli starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while make.log().len() < 100 {
        assert!(Instant::now() < deadline, "the batch never got going");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.start_kill().expect("kill -9");
    let status = child.wait().await.expect("the batch ends");
    assert_eq!(status.code(), None, "killed by a signal");
    let before = make.log().len();
    assert!(before < 300, "the batch finished before it was killed");

    make.set_plan(Plan::accept());
    let outcome = run_batch(
        dir.path(),
        &["--each", each, "--resume"],
        &make.webhook(),
        &[("RUNNER_MAKE_RATE", "off")],
    )
    .await;
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("resuming: "), "{}", outcome.stderr);

    let log = make.log();
    let ids = accepted_ids(&log);
    assert_eq!(ids.len(), 300, "every record delivered");
    let twice: Vec<i64> = ids
        .iter()
        .filter(|(_, count)| **count > 1)
        .map(|(id, _)| *id)
        .collect();
    assert!(
        ids.values().all(|count| *count <= 2),
        "a record arrived three times"
    );
    // In flight at the kill: running (4), finished but not yet journaled
    // (the recorder's queue of 8), and the one being written.
    assert!(twice.len() <= 13, "{} records arrived twice", twice.len());
    for id in &twice {
        let keys: HashSet<&str> = log
            .iter()
            .filter(|seen| seen.id == *id)
            .map(|seen| seen.key.as_str())
            .collect();
        assert_eq!(
            keys.len(),
            1,
            "record {id} was sent with two keys: {keys:?}"
        );
    }
    let resumed = outcome.records().len();
    assert_eq!(resumed + (300 - resumed), 300);
    assert!(resumed < 300, "the resumed batch skipped nothing");
    assert!(
        outcome
            .stderr
            .contains(&format!("{} skipped", 300 - resumed)),
        "{}",
        outcome.stderr
    );
}

#[tokio::test]
async fn ctrl_c_lets_runs_in_flight_finish_and_says_how_to_resume() {
    let make = FakeMake::start(Plan {
        delay: Duration::from_millis(100),
        ..Plan::accept()
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let records = write_records(dir.path(), 100);
    let each = records.to_str().expect("utf-8 path");
    let outcome = stop_batch_with(
        "-INT",
        dir.path(),
        &["--each", each, "--concurrency", "2"],
        &make,
        4,
    )
    .await;

    assert_eq!(outcome.code, 130, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("stopping: no new runs start"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("--resume"), "{}", outcome.stderr);
    let reported = outcome.records();
    assert!(reported.iter().all(|record| record["state"] == "delivered"));
    // Every run that started finished, and every one was journaled.
    assert_eq!(reported.len(), make.log().len(), "{}", outcome.stderr);
    let journal = read_lines(&dir.path().join("records.jsonl.journal.jsonl"));
    assert_eq!(journal.len(), reported.len() + 1);
    assert!(reported.len() < 100);
}

#[tokio::test]
async fn bad_lines_are_dead_lettered_with_their_line_number_and_the_batch_goes_on() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let records = dir.path().join("records.jsonl");
    std::fs::write(
        &records,
        concat!(
            "{\"payload\": {\"id\": 1}}\n",
            "{\"payload\": {\"id\": 2}\n",
            "\n",
            "[1, 2]\n",
            "{\"payload\": \"not an object\"}\n",
            "{\"paylaod\": {\"id\": 5}}\n",
            "{\"scenario_name\": \"nightly\", \"payload\": {\"id\": 6}}\n",
        ),
    )
    .expect("write");
    let outcome = run_batch(
        dir.path(),
        &["--each", "records.jsonl", "--concurrency", "1"],
        &make.webhook(),
        &[],
    )
    .await;
    let dead = std::fs::read_to_string(dir.path().join("records.jsonl.dead-letter.jsonl"))
        .expect("a dead-letter file");
    // Records end in any order; sorted by line, the snapshot is stable.
    let mut by_line: Vec<&str> = outcome.stdout.lines().collect();
    by_line.sort_by_key(|line| {
        serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|record| record["line"].as_u64())
    });
    let sorted = Outcome {
        stdout: by_line.iter().map(|line| format!("{line}\n")).collect(),
        stderr: outcome.stderr.clone(),
        code: outcome.code,
    };
    insta::assert_snapshot!(stable(&format!(
        "{}----- dead letters -----\n{dead}",
        sorted.transcript()
    )));
    assert_eq!(make.log().len(), 2);

    // The dead-letter file goes back into `--each` as it is.
    let again = run_batch(
        dir.path(),
        &["--each", "records.jsonl.dead-letter.jsonl"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(again.code, 1);
    assert_eq!(again.states(), HashMap::from([("invalid".to_owned(), 4)]));
    assert_eq!(make.log().len(), 2, "nothing more was sent");
}

#[tokio::test]
async fn an_empty_file_is_a_batch_of_nothing() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("empty.jsonl"), "").expect("write");
    let outcome = run_batch(dir.path(), &["--each", "empty.jsonl"], &make.webhook(), &[]).await;
    insta::assert_snapshot!(stable(&outcome.transcript()), @r"
    exit code: 0
    ----- stdout -----
    ----- stderr -----
    batch: 0 records in [DURATION] ([RATE]/s): 0 delivered, 0 dead-lettered, 0 skipped
    ");
    assert!(make.log().is_empty());
}

#[tokio::test]
async fn a_missing_file_is_refused_before_anything_starts() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let outcome = run_batch(
        dir.path(),
        &["--each", "nowhere.jsonl"],
        &make.webhook(),
        &[],
    )
    .await;
    insta::assert_snapshot!(outcome.transcript(), @r"
    exit code: 65
    ----- stdout -----
    ----- stderr -----
    error: cannot read the `--each` file `nowhere.jsonl`
      Caused by: No such file or directory (os error 2)
    hint: pass a JSON Lines file (one object of inputs per line), or `-` for stdin
    ");
    assert!(
        std::fs::read_dir(dir.path())
            .expect("list")
            .next()
            .is_none(),
        "no journal"
    );
}

#[tokio::test]
async fn a_second_batch_on_the_same_file_needs_resume() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    write_records(dir.path(), 3);
    let first = run_batch(
        dir.path(),
        &["--each", "records.jsonl"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(first.code, 0, "{}", first.stderr);
    let second = run_batch(
        dir.path(),
        &["--each", "records.jsonl"],
        &make.webhook(),
        &[],
    )
    .await;
    insta::assert_snapshot!(second.transcript(), @r"
    exit code: 2
    ----- stdout -----
    ----- stderr -----
    error: the journal `records.jsonl.journal.jsonl` already holds the outcomes of an earlier batch of this input (3 of 3 records delivered)
    hint: add `--resume` to send only the records it does not show delivered, pass another `--journal`, or delete the journal to send every record again
    ");
    let resumed = run_batch(
        dir.path(),
        &["--each", "records.jsonl", "--resume"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(resumed.code, 0);
    assert!(resumed.stdout.is_empty());
    assert!(
        resumed
            .stderr
            .contains("0 delivered, 0 dead-lettered, 3 skipped"),
        "{}",
        resumed.stderr
    );
    assert_eq!(make.log().len(), 3);
}

#[tokio::test]
async fn stdin_feeds_a_batch_with_a_dash() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = command(dir.path(), &["--each", "-"], &make.webhook(), &[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runner-cli starts");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(
            b"{\"payload\": {\"id\": 1}}\n{\"payload\": {\"id\": 2}}\n{\"payload\": {\"id\": 3}}",
        )
        .await
        .expect("write stdin");
    drop(stdin);
    let outcome = outcome_of(&child.wait_with_output().await.expect("ends"));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(
        outcome.states(),
        HashMap::from([("delivered".to_owned(), 3)])
    );
    let mut lines: Vec<u64> = outcome
        .records()
        .iter()
        .map(|record| record["line"].as_u64().expect("line"))
        .collect();
    lines.sort_unstable();
    assert_eq!(lines, [1, 2, 3]);
    let journal = read_lines(&dir.path().join("stdin.journal.jsonl"));
    assert_eq!(journal[0]["input"], "-");
    assert_eq!(journal.len(), 4);
    assert_eq!(accepted_ids(&make.log()).len(), 3);
}

/// A job whose payload is an array sent in chunks of `chunk_size` records.
fn write_chunking_job(dir: &Path) -> PathBuf {
    let jobs = dir.join("jobs");
    let job = jobs.join("sync-in-chunks");
    std::fs::create_dir_all(job.join("function")).expect("job folder");
    std::fs::write(
        job.join("run.xs"),
        r#"run.job "Sync In Chunks" {
  main = { name: "sync_in_chunks", input: { records: [] } }
  env = ["make_webhook_url"]
}
"#,
    )
    .expect("run.xs");
    std::fs::write(
        job.join("function/sync_in_chunks.xs"),
        r#"function "sync_in_chunks" {
  input {
    json records
  }
  stack {
    make.trigger_scenario {
      webhook_url = $env.make_webhook_url
      scenario_name = "bulk"
      payload = $input.records
      chunk_size = 2
    } as $result
  }
  response = $result
}
"#,
    )
    .expect("function");
    jobs
}

#[tokio::test]
async fn an_array_payload_goes_in_chunks_each_with_a_key_derived_from_the_record() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = write_chunking_job(dir.path());
    std::fs::write(
        dir.path().join("bulk.jsonl"),
        "{\"records\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}, {\"id\": 4}, {\"id\": 5}]}\n",
    )
    .expect("write");
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_runner-cli"))
        .current_dir(dir.path())
        // Each test's run history in its own folder, not beside the jobs.
        .env("RUNNER_DATABASE_URL", "sqlite://history.sqlite")
        .arg("--jobs-dir")
        .arg(&jobs)
        .args(["execute", "--job", "Sync In Chunks", "--each", "bulk.jsonl"])
        .env_remove("RUST_LOG")
        .env_remove("RUNNER_MAKE_RATE")
        .env("make_webhook_url", make.webhook())
        .stdin(Stdio::null())
        .output()
        .await
        .expect("runner-cli runs");
    let outcome = outcome_of(&output);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);

    let record = &outcome.records()[0];
    let key = record["idempotency_key"].as_str().expect("a key");
    let chunks = record["response"]["response_body"]
        .as_array()
        .expect("chunk entries");
    let summary: Vec<(u64, String)> = chunks
        .iter()
        .map(|chunk| {
            (
                chunk["records"].as_u64().expect("records"),
                chunk["idempotency_key"]
                    .as_str()
                    .expect("key")
                    .replace(key, "KEY"),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (2, "KEY-chunk-1".to_owned()),
            (2, "KEY-chunk-2".to_owned()),
            (1, "KEY-chunk-3".to_owned())
        ]
    );
    let sent: Vec<String> = make
        .log()
        .iter()
        .map(|seen| seen.key.replace(key, "KEY"))
        .collect();
    assert_eq!(sent, ["KEY-chunk-1", "KEY-chunk-2", "KEY-chunk-3"]);
    assert_eq!(
        record["response"]["message"],
        "Sent 5 records in 3 chunks of at most 2: all accepted"
    );
}
