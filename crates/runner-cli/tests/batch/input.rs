//! Where a batch's records come from and where its files go: pipes given by
//! path, a byte order mark, lines that are not UTF-8, the journal and the
//! dead-letter file on one path; and how a batch stops: SIGTERM, a closed
//! stdout; and `--batch-id`.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, BufReader};

use crate::fake_make::{FakeMake, Plan};
use crate::{
    accepted_ids, command, read_lines, run_batch, run_with_stdin, stop_batch_with, write_records,
};

const THREE: &str =
    "{\"payload\": {\"id\": 1}}\n{\"payload\": {\"id\": 2}}\n{\"payload\": {\"id\": 3}}\n";

#[tokio::test]
async fn dev_stdin_given_as_a_path_is_read_once_as_a_stream() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let outcome = run_with_stdin(
        dir.path(),
        &["--each", "/dev/stdin"],
        &make.webhook(),
        THREE,
    )
    .await;
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(
        outcome.states(),
        HashMap::from([("delivered".to_owned(), 3)])
    );
    // The journal goes to the working folder, not to /dev.
    assert_eq!(read_lines(&dir.path().join("stdin.journal.jsonl")).len(), 4);
}

#[cfg(unix)]
#[tokio::test]
async fn a_fifo_is_read_without_hanging() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("records.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || std::fs::write(writer_path, THREE));
    let outcome = tokio::time::timeout(
        Duration::from_secs(20),
        run_batch(
            dir.path(),
            &["--each", "records.fifo"],
            &make.webhook(),
            &[],
        ),
    )
    .await
    .expect("the batch ends");
    writer.join().expect("writer").expect("written");
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(accepted_ids(&make.log()).len(), 3);
}

#[tokio::test]
async fn a_byte_order_mark_does_not_spoil_the_first_record() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("records.jsonl"), format!("\u{feff}{THREE}")).expect("write");
    let outcome = run_batch(
        dir.path(),
        &["--each", "records.jsonl"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(accepted_ids(&make.log()).len(), 3);
}

#[tokio::test]
async fn a_line_that_is_not_utf8_keeps_its_bytes_in_its_dead_letter() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes = b"{\"payload\": {\"id\": 1}}\n{\"payload\": {\"name\": \"caf".to_vec();
    bytes.extend_from_slice(&[0xe9, b'"', b'}', b'}', b'\n']);
    std::fs::write(dir.path().join("records.jsonl"), &bytes).expect("write");
    let outcome = run_batch(
        dir.path(),
        &["--each", "records.jsonl"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    let dead = read_lines(&dir.path().join("records.jsonl.dead-letter.jsonl"));
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0]["dead_letter"]["line"], 2);
    let kept = dead[0]["original_base64"]
        .as_str()
        .expect("the bytes, in base64");
    assert_eq!(kept, "eyJwYXlsb2FkIjogeyJuYW1lIjogImNhZukifX0=");

    // Fed back as it is: still not UTF-8, and still kept byte for byte.
    let again = run_batch(
        dir.path(),
        &["--each", "records.jsonl.dead-letter.jsonl"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(again.code, 1, "{}", again.stderr);
    let record = &again.records()[0];
    assert_eq!(record["line"], 2);
    let message = record["error"]["message"].as_str().expect("a message");
    assert!(message.contains("still not UTF-8"), "{message}");
    let dead = read_lines(
        &dir.path()
            .join("records.jsonl.dead-letter.jsonl.dead-letter.jsonl"),
    );
    assert_eq!(dead[0]["original_base64"], kept);
}

/// The peak memory of a running process (`VmHWM`), or 0 once it ended.
fn peak_memory_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs a batch while watching its peak memory; returns the outcome and
/// the highest peak seen (a lower bound of the real one).
async fn run_batch_watching_memory(
    dir: &std::path::Path,
    args: &[&str],
    webhook: &str,
) -> (crate::Outcome, u64) {
    let child = command(dir, args, webhook, &[])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runner-cli starts");
    let pid = child.id().expect("running");
    let watching = tokio::spawn(async move {
        let mut peak = 0;
        loop {
            let now = peak_memory_kib(pid);
            if now == 0 && peak > 0 {
                return peak;
            }
            peak = peak.max(now);
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    let output = child.wait_with_output().await.expect("ends");
    let peak = tokio::time::timeout(Duration::from_secs(5), watching)
        .await
        .map_or(0, |peak| peak.unwrap_or(0));
    (crate::outcome_of(&output), peak)
}

/// Several times the reader's limit (6 MiB), and more than a batch needs in
/// all: its peak memory is about 32 MiB with a line of any length, plus
/// about 5 MiB, whatever the number of records, for the run history (its
/// SQLite connection and writer thread).
const LONG_LINE_BYTES: usize = 40 * 1024 * 1024;
const PEAK_MEMORY_KIB: u64 = 44 * 1024;

#[tokio::test]
async fn a_line_too_long_to_run_is_kept_whole_in_its_dead_letter_and_fed_back_again() {
    use base64::Engine as _;

    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let padding = "x".repeat(LONG_LINE_BYTES);
    let long = format!("{{\"payload\": {{\"id\": 2, \"padding\": \"{padding}\"}}}}");
    // One that quotes the webhook's token is not kept: base64 hides nothing.
    let leaky = format!(
        "{{\"payload\": {{\"id\": 4, \"url\": \"{}\", \"padding\": \"{}\"}}}}",
        crate::TOKEN,
        &padding[..8 * 1024 * 1024]
    );
    let input = format!(
        "{{\"payload\": {{\"id\": 1}}}}\n{long}\r\n{{\"payload\": {{\"id\": 3}}}}\n{leaky}\n"
    );
    std::fs::write(dir.path().join("records.jsonl"), input).expect("write");
    let (outcome, peak_kib) =
        run_batch_watching_memory(dir.path(), &["--each", "records.jsonl"], &make.webhook()).await;
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert_eq!(
        accepted_ids(&make.log()).len(),
        2,
        "the lines around it ran"
    );
    // The line never sat in memory whole (nor its base64).
    assert!(
        peak_kib > 0 && peak_kib < PEAK_MEMORY_KIB,
        "peak memory {peak_kib} KiB for a line of {} KiB",
        LONG_LINE_BYTES / 1024
    );
    let record = outcome
        .records()
        .into_iter()
        .find(|record| record["line"] == 2)
        .expect("line 2 is reported");
    assert_eq!(record["state"], "invalid");
    let message = record["error"]["message"].as_str().expect("a message");
    assert!(
        message.contains(&format!("the line is {} bytes long", long.len())),
        "{message}"
    );

    let dead_path = dir.path().join("records.jsonl.dead-letter.jsonl");
    let mut dead = read_lines(&dead_path);
    assert_eq!(dead.len(), 2);
    let leaky = dead.pop().expect("the second dead letter");
    assert_eq!(leaky["dead_letter"]["line"], 4);
    assert_eq!(leaky["dead_letter"]["redacted"], true);
    assert_eq!(leaky.get("original_base64"), None);
    assert_eq!(dead[0]["dead_letter"]["line"], 2);
    assert_eq!(dead[0]["original"], serde_json::Value::Null);
    let kept = base64::engine::general_purpose::STANDARD
        .decode(
            dead[0]["original_base64"]
                .as_str()
                .expect("the line, in base64"),
        )
        .expect("base64");
    assert!(
        kept == long.as_bytes(),
        "the whole line, without its line break"
    );

    // Fed back as it is: still too long, reported under its first line, and
    // its new dead letter still holds the whole line.
    let again = run_batch(
        dir.path(),
        &["--each", "records.jsonl.dead-letter.jsonl"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(again.code, 1, "{}", again.stderr);
    let records = again.records();
    let record = records
        .iter()
        .find(|record| record["line"] == 2)
        .expect("line 2 is reported under its first line");
    assert_eq!(record["state"], "invalid");
    assert!(
        record["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains(&format!("is {} bytes long", long.len()))),
        "{record}"
    );
    let dead_again = read_lines(
        &dir.path()
            .join("records.jsonl.dead-letter.jsonl.dead-letter.jsonl"),
    );
    assert_eq!(dead_again[0]["dead_letter"]["line"], 2);
    assert_eq!(dead_again[0]["original_base64"], dead[0]["original_base64"]);
    assert_eq!(accepted_ids(&make.log()).len(), 2, "nothing more was sent");
}

#[tokio::test]
async fn the_journal_and_the_dead_letter_file_cannot_share_a_path() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    write_records(dir.path(), 3);
    let outcome = run_batch(
        dir.path(),
        &[
            "--each",
            "records.jsonl",
            "--journal",
            "out.jsonl",
            "--dead-letter",
            "./out.jsonl",
        ],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .contains("`--journal` and `--dead-letter` are the same file"),
        "{}",
        outcome.stderr
    );
    let input_as_journal = run_batch(
        dir.path(),
        &["--each", "records.jsonl", "--dead-letter", "records.jsonl"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(input_as_journal.code, 2, "{}", input_as_journal.stderr);
    assert!(make.log().is_empty());
    assert!(!dir.path().join("out.jsonl").exists());
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_stops_a_batch_like_ctrl_c_and_prints_the_whole_resume_command() {
    let make = FakeMake::start(Plan {
        delay: Duration::from_millis(100),
        ..Plan::accept()
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    write_records(dir.path(), 100);
    let outcome = stop_batch_with(
        "-TERM",
        dir.path(),
        &[
            "--each",
            "records.jsonl",
            "--concurrency",
            "2",
            "--rate",
            "50/1s",
            "--journal",
            "my journal.jsonl",
            "--env",
            "extra=s3cr3t-v4lue",
        ],
        &make,
        3,
    )
    .await;
    assert_eq!(outcome.code, 143, "{}", outcome.stderr);
    assert!(
        !outcome.stderr.contains("s3cr3t-v4lue"),
        "{}",
        outcome.stderr
    );
    let resume_line = outcome
        .stderr
        .lines()
        .find(|line| line.contains("--resume"))
        .expect("a resume command");
    for flag in [
        "--jobs-dir",
        "--each records.jsonl",
        "--concurrency 2",
        "--rate 50/1s",
        "--journal 'my journal.jsonl'",
        "--env extra=...",
        "--job 'Trigger Make Scenario'",
    ] {
        assert!(resume_line.contains(flag), "{flag} missing: {resume_line}");
    }
    let journal = read_lines(&dir.path().join("my journal.jsonl"));
    assert_eq!(journal.len(), outcome.records().len() + 1);
}

#[tokio::test]
async fn a_closed_stdout_stops_new_records_and_journals_those_in_flight() {
    let make = FakeMake::start(Plan {
        delay: Duration::from_millis(20),
        ..Plan::accept()
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    write_records(dir.path(), 300);
    let mut child = command(
        dir.path(),
        &["--each", "records.jsonl", "--concurrency", "2"],
        &make.webhook(),
        &[("RUNNER_MAKE_RATE", "off")],
    )
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("runner-cli starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .await
        .expect("one line");
    // `| head -1`: the reader goes away after one line.
    let started = Instant::now();
    let output = tokio::time::timeout(Duration::from_secs(20), child.wait_with_output())
        .await
        .expect("the batch ends by itself")
        .expect("output");
    assert_eq!(
        output.status.code(),
        Some(141),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    let journal = read_lines(&dir.path().join("records.jsonl.journal.jsonl"));
    assert!(journal.len() - 1 < 300, "it stopped starting new records");
    assert_eq!(
        journal.len() - 1,
        make.log().len(),
        "every run sent was journaled"
    );
}

#[tokio::test]
async fn a_batch_id_gives_new_keys_and_a_resume_keeps_it() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    write_records(dir.path(), 2);
    let plain = run_batch(
        dir.path(),
        &["--each", "records.jsonl"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    std::fs::remove_file(dir.path().join("records.jsonl.journal.jsonl"))
        .expect("delete the journal");
    let again = run_batch(
        dir.path(),
        &["--each", "records.jsonl", "--batch-id", "2026-12-03"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    let keys = |outcome: &crate::Outcome| -> Vec<String> {
        let mut keys: Vec<String> = outcome
            .records()
            .iter()
            .map(|record| record["idempotency_key"].as_str().expect("key").to_owned())
            .collect();
        keys.sort();
        keys
    };
    let (first, second) = (keys(&plain), keys(&again));
    assert!(
        first.iter().all(|key| !second.contains(key)),
        "{first:?} {second:?}"
    );

    let other = run_batch(
        dir.path(),
        &["--each", "records.jsonl", "--resume", "--batch-id", "other"],
        &make.webhook(),
        &[],
    )
    .await;
    assert_eq!(other.code, 2, "{}", other.stderr);
    assert!(
        other.stderr.contains("--batch-id 2026-12-03"),
        "{}",
        other.stderr
    );
    let header = &read_lines(&dir.path().join("records.jsonl.journal.jsonl"))[0];
    assert_eq!(header["batch_id"], "2026-12-03");
}

#[tokio::test]
async fn a_batch_slows_its_own_pace_when_make_answers_429() {
    // Another sender shares the webhook: Make takes 20 per 250 ms, and
    // answers 429 with `Retry-After: 1` past that.
    let make = FakeMake::start(Plan {
        rate: Some((20, Duration::from_millis(250))),
        limit_retry_after: "1",
        ..Plan::accept()
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    write_records(dir.path(), 150);
    let outcome = run_batch(
        dir.path(),
        &["--each", "records.jsonl", "--concurrency", "8"],
        &make.webhook(),
        &[("RUNNER_MAKE_RATE", "off")],
    )
    .await;
    assert!(
        outcome.stderr.contains("the batch slowed its pace"),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        outcome.states(),
        HashMap::from([("delivered".to_owned(), 150)]),
        "{}",
        outcome.stderr
    );
    assert_eq!(outcome.code, 0);
}
