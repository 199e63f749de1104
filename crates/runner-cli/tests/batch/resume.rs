//! What `--resume` may skip: only a record the journal shows delivered on
//! the same line with the same content. A changed, grown, reordered or
//! replaced input is refused before anything is sent, and `--resume` is
//! never suggested for an input that is not the one journaled.

use std::collections::HashMap;
use std::path::Path;

use crate::fake_make::{FakeMake, Plan};
use crate::{Outcome, accepted_ids, read_lines, run_batch, run_with_stdin, write_records};

/// `{"payload": {"id": N}}` for each id, one per line.
fn write_ids(path: &Path, ids: &[i64]) {
    let text: String = ids
        .iter()
        .map(|id| format!("{{\"payload\": {{\"id\": {id}}}}}\n"))
        .collect();
    std::fs::write(path, text).expect("write records");
}

fn ids_input(ids: &[i64]) -> String {
    ids.iter()
        .map(|id| format!("{{\"payload\": {{\"id\": {id}}}}}\n"))
        .collect()
}

fn lines_reported(outcome: &Outcome) -> Vec<u64> {
    let mut lines: Vec<u64> = outcome
        .records()
        .iter()
        .map(|record| record["line"].as_u64().expect("a line"))
        .collect();
    lines.sort_unstable();
    lines
}

/// `execute --each records.jsonl` with `extra` flags, in `dir`.
async fn run_records(dir: &Path, make: &FakeMake, extra: &[&str]) -> Outcome {
    let mut args = vec!["--each", "records.jsonl"];
    args.extend_from_slice(extra);
    run_batch(dir, &args, &make.webhook(), &[]).await
}

/// Runs a first batch of `first` ids, rewrites the file to `second`, and
/// returns what `--resume` said then.
async fn resume_after_rewrite(
    make: &FakeMake,
    dir: &Path,
    first: &[i64],
    second: &[i64],
) -> Outcome {
    let records = dir.join("records.jsonl");
    write_ids(&records, first);
    let done = run_records(dir, make, &[]).await;
    assert_eq!(done.code, 0, "{}", done.stderr);
    write_ids(&records, second);
    run_records(dir, make, &["--resume"]).await
}

#[tokio::test]
async fn a_file_replaced_by_other_records_is_refused_and_nothing_is_sent() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let resumed = resume_after_rewrite(&make, dir.path(), &[1, 2, 3], &[4, 5, 6]).await;
    insta::assert_snapshot!(resumed.transcript(), @r"
    exit code: 2
    ----- stdout -----
    ----- stderr -----
    error: the input `records.jsonl` does not match the journal `records.jsonl.journal.jsonl`: 0 of 3 journaled records match the input (3 differ); nothing was sent
    hint: the input changed since that batch, or belongs to another one: pass a new `--journal FILE` to send it as a new batch, or add `--force-mismatch` to skip only the records whose line and content both match a delivered entry and send every other line
    ");
    assert_eq!(make.log().len(), 3, "only the first batch was sent");

    let forced = run_records(dir.path(), &make, &["--resume", "--force-mismatch"]).await;
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(
        forced.states(),
        HashMap::from([("delivered".to_owned(), 3)])
    );
    assert!(
        forced
            .stderr
            .contains("--force-mismatch: 3 lines held another record"),
        "{}",
        forced.stderr
    );
    let ids = accepted_ids(&make.log());
    assert_eq!(
        ids.len(),
        6,
        "every record of both files delivered: {ids:?}"
    );
}

#[tokio::test]
async fn an_inserted_line_is_refused_and_with_force_mismatch_no_record_is_skipped_wrongly() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let resumed = resume_after_rewrite(&make, dir.path(), &[1, 2, 3], &[1, 9, 2, 3]).await;
    assert_eq!(resumed.code, 2, "{}", resumed.stderr);
    assert!(
        resumed
            .stderr
            .contains("1 of 3 journaled records match the input (2 differ)"),
        "{}",
        resumed.stderr
    );
    assert_eq!(make.log().len(), 3);

    let forced = run_records(dir.path(), &make, &["--resume", "--force-mismatch"]).await;
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    // Line 1 is the same record, delivered: skipped. The rest are sent,
    // the new record 9 among them; records 2 and 3 moved and go again.
    assert_eq!(lines_reported(&forced), [2, 3, 4]);
    assert!(forced.stderr.contains("1 skipped"), "{}", forced.stderr);
    assert_eq!(accepted_ids(&make.log()).get(&9), Some(&1));
}

#[tokio::test]
async fn reordered_lines_are_refused() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let resumed = resume_after_rewrite(&make, dir.path(), &[1, 2, 3], &[2, 1, 3]).await;
    assert_eq!(resumed.code, 2, "{}", resumed.stderr);
    assert!(
        resumed
            .stderr
            .contains("1 of 3 journaled records match the input (2 differ)"),
        "{}",
        resumed.stderr
    );
    assert!(resumed.stdout.is_empty());
    assert_eq!(make.log().len(), 3);
}

#[tokio::test]
async fn a_shortened_file_is_refused_with_the_missing_lines_counted() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let resumed = resume_after_rewrite(&make, dir.path(), &[1, 2, 3], &[1, 2]).await;
    assert_eq!(resumed.code, 2, "{}", resumed.stderr);
    assert!(
        resumed
            .stderr
            .contains("2 of 3 journaled records match the input (1 is missing)"),
        "{}",
        resumed.stderr
    );
}

#[tokio::test]
async fn a_grown_file_resumes_and_sends_only_the_new_lines() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let resumed = resume_after_rewrite(&make, dir.path(), &[1, 2, 3], &[1, 2, 3, 4, 5]).await;
    assert_eq!(resumed.code, 0, "{}", resumed.stderr);
    assert_eq!(lines_reported(&resumed), [4, 5]);
    assert!(resumed.stderr.contains("3 skipped"), "{}", resumed.stderr);
    let ids = accepted_ids(&make.log());
    assert!(ids.values().all(|count| *count == 1), "{ids:?}");
    assert_eq!(ids.len(), 5);
}

#[tokio::test]
async fn a_second_stream_on_stdin_that_differs_is_never_told_to_resume() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let first = run_with_stdin(
        dir.path(),
        &["--each", "-"],
        &make.webhook(),
        &ids_input(&[1, 2, 3]),
    )
    .await;
    assert_eq!(first.code, 0, "{}", first.stderr);

    let other = ids_input(&[4, 5, 6]);
    let again = run_with_stdin(dir.path(), &["--each", "-"], &make.webhook(), &other).await;
    insta::assert_snapshot!(again.transcript(), @r"
    exit code: 2
    ----- stdout -----
    ----- stderr -----
    error: the journal `stdin.journal.jsonl` holds the outcomes of another batch: 0 of 3 journaled records match the input (3 differ)
    hint: this input is not the one journaled there: pass another `--journal FILE` to send it as a new batch, or delete the journal
    ");
    let resumed = run_with_stdin(
        dir.path(),
        &["--each", "-", "--resume"],
        &make.webhook(),
        &other,
    )
    .await;
    assert_eq!(resumed.code, 2, "{}", resumed.stderr);
    assert!(
        resumed.stderr.contains("0 of 3 journaled records match"),
        "{}",
        resumed.stderr
    );
    assert_eq!(
        make.log().len(),
        3,
        "nothing of the second stream was skipped as sent, nor sent"
    );

    let own = run_with_stdin(
        dir.path(),
        &["--each", "-", "--journal", "second.journal.jsonl"],
        &make.webhook(),
        &other,
    )
    .await;
    assert_eq!(own.code, 0, "{}", own.stderr);
    assert_eq!(accepted_ids(&make.log()).len(), 6);
}

#[tokio::test]
async fn the_same_stream_on_stdin_again_is_told_to_resume_and_resumes() {
    let make = FakeMake::start(Plan {
        answer: Box::new(|id, _| if id == 2 { (410, None) } else { (200, None) }),
        ..Plan::accept()
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let input = ids_input(&[1, 2, 3]);
    let first = run_with_stdin(dir.path(), &["--each", "-"], &make.webhook(), &input).await;
    assert_eq!(first.code, 1, "{}", first.stderr);

    let again = run_with_stdin(dir.path(), &["--each", "-"], &make.webhook(), &input).await;
    insta::assert_snapshot!(again.transcript(), @r"
    exit code: 2
    ----- stdout -----
    ----- stderr -----
    error: the journal `stdin.journal.jsonl` already holds the outcomes of an earlier batch of this input (2 of 3 records delivered)
    hint: add `--resume` to send only the records it does not show delivered, pass another `--journal`, or delete the journal to send every record again
    ");
    make.set_plan(Plan::accept());
    let resumed = run_with_stdin(
        dir.path(),
        &["--each", "-", "--resume"],
        &make.webhook(),
        &input,
    )
    .await;
    assert_eq!(resumed.code, 0, "{}", resumed.stderr);
    assert_eq!(lines_reported(&resumed), [2]);
    assert!(resumed.stderr.contains("2 skipped"), "{}", resumed.stderr);
}

#[tokio::test]
async fn a_dead_letter_file_fed_back_keeps_the_original_line_numbers() {
    let make = FakeMake::start(Plan {
        answer: Box::new(|id, _| {
            if id % 2 == 1 {
                (410, None)
            } else {
                (200, None)
            }
        }),
        ..Plan::accept()
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    write_records(dir.path(), 6);
    let first = run_records(dir.path(), &make, &[]).await;
    assert_eq!(first.code, 1, "{}", first.stderr);
    let dead = "records.jsonl.dead-letter.jsonl";
    let dead_lines = |path: &str| -> Vec<u64> {
        let mut lines: Vec<u64> = read_lines(&dir.path().join(path))
            .iter()
            .map(|entry| entry["dead_letter"]["line"].as_u64().expect("a line"))
            .collect();
        lines.sort_unstable();
        lines
    };
    assert_eq!(dead_lines(dead), [2, 4, 6]);

    // Still refused: reported, and dead-lettered again, under lines 2, 4, 6
    // of records.jsonl, not lines 1, 2, 3 of the dead-letter file.
    let again = run_batch(dir.path(), &["--each", dead], &make.webhook(), &[]).await;
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert_eq!(lines_reported(&again), [2, 4, 6]);
    let dead_again = "records.jsonl.dead-letter.jsonl.dead-letter.jsonl";
    assert_eq!(dead_lines(dead_again), [2, 4, 6]);

    make.set_plan(Plan::accept());
    let fixed = run_batch(dir.path(), &["--each", dead_again], &make.webhook(), &[]).await;
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert_eq!(lines_reported(&fixed), [2, 4, 6]);
    assert_eq!(accepted_ids(&make.log()).len(), 6);
}

/// Rewrites a journal as runner-cli wrote it before entries had a `hash`.
fn downgrade_to_v1(path: &Path) {
    let text = std::fs::read_to_string(path).expect("journal");
    let mut lines = Vec::new();
    for (at, line) in text.lines().enumerate() {
        let mut entry: serde_json::Value = serde_json::from_str(line).expect("JSON");
        if at == 0 {
            entry["journal"] = "runner-cli batch journal v1".into();
        } else {
            entry.as_object_mut().expect("an entry").remove("hash");
        }
        lines.push(entry.to_string());
    }
    std::fs::write(path, lines.join("\n") + "\n").expect("rewrite");
}

#[tokio::test]
async fn a_journal_of_the_previous_format_is_read_by_its_keys_and_never_skips_a_changed_line() {
    let make = FakeMake::start(Plan::accept()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let records = dir.path().join("records.jsonl");
    write_ids(&records, &[1, 2, 3]);
    let first = run_records(dir.path(), &make, &[]).await;
    assert_eq!(first.code, 0, "{}", first.stderr);
    let journal = dir.path().join("records.jsonl.journal.jsonl");
    downgrade_to_v1(&journal);

    write_ids(&records, &[1, 7, 3]);
    let changed = run_records(dir.path(), &make, &["--resume"]).await;
    assert_eq!(changed.code, 2, "{}", changed.stderr);
    assert!(
        changed
            .stderr
            .contains("2 of 3 journaled records match the input (1 differs)"),
        "{}",
        changed.stderr
    );

    write_ids(&records, &[1, 2, 3, 4]);
    let grown = run_records(dir.path(), &make, &["--resume"]).await;
    assert_eq!(grown.code, 0, "{}", grown.stderr);
    assert_eq!(lines_reported(&grown), [4]);
    // The journal goes on in the new format: a later resume still works.
    let entries = read_lines(&journal);
    assert!(entries.last().expect("an entry")["hash"].is_string());
    let last = run_records(dir.path(), &make, &["--resume"]).await;
    assert_eq!(last.code, 0, "{}", last.stderr);
    assert!(last.stdout.is_empty());
    assert!(last.stderr.contains("4 skipped"), "{}", last.stderr);
}
