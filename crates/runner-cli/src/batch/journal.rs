//! The journal: every record's outcome, appended as a JSON line before the
//! outcome is reported, so a crash loses at most the runs in flight, and
//! `--resume` knows which records were delivered. An entry names its record
//! by line number and by a hash of the line's content (see `resume.rs`).
//!
//! Each entry is written with one `write` call, so a killed process leaves
//! whole lines (the page cache keeps them); `fsync` runs at most once per
//! [`SYNC_INTERVAL`] and at the end, which also survives a power loss at the
//! price of the last second. `RUNNER_JOURNAL_SYNC=each` syncs every entry.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::outcome::State;
use super::resume::{Journaled, Mark};
use super::source::LineHash;
use crate::error::CliError;

/// The longest a written outcome waits for `fsync`.
const SYNC_INTERVAL: Duration = Duration::from_secs(1);
const SYNC_ENV: &str = "RUNNER_JOURNAL_SYNC";
/// The first line of every journal.
const FORMAT: &str = "runner-cli batch journal v2";
/// Journals before v2 have no `hash` in their entries: their records are
/// recognised by their idempotency key, which was derived from the line's text.
const FORMAT_V1: &str = "runner-cli batch journal v1";

#[derive(Serialize, Deserialize)]
struct Header {
    journal: String,
    job: String,
    input: String,
    /// `--batch-id`, mixed into every record's key; a resume keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    batch_id: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Entry<'a> {
    line: u64,
    /// [`LineHash`] in hex; absent in v1 journals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hash: Option<String>,
    key: &'a str,
    outcome: State,
    attempts: u32,
}

pub(crate) struct Journal {
    path: PathBuf,
    file: File,
    buffer: Vec<u8>,
    sync_each: bool,
    last_sync: Instant,
    unsynced: bool,
}

impl Journal {
    /// Starts a new journal; refuses to overwrite one that holds outcomes,
    /// since that would forget what an earlier run delivered (the caller
    /// says why in more words, after comparing it with the input).
    pub(crate) fn create(
        path: &Path,
        job: &str,
        input: &str,
        batch_id: Option<&str>,
    ) -> Result<Journal, CliError> {
        if holds_outcomes(path) {
            return Err(CliError::usage(format!(
                "the journal `{}` already holds the outcomes of an earlier batch",
                path.display()
            ))
            .with_hint(
                "pass another `--journal`, or delete the journal to send every record again",
            ));
        }
        let file = File::create(path).map_err(|error| cannot_write(path, &error))?;
        let mut journal = Journal::around(path, file);
        let header = Header {
            journal: FORMAT.to_owned(),
            job: job.to_owned(),
            input: input.to_owned(),
            batch_id: batch_id.map(str::to_owned),
        };
        journal.write_json(&header)?;
        journal.sync()?;
        Ok(journal)
    }

    /// Opens an existing journal to append to, after [`read_delivered`].
    pub(crate) fn append_to(path: &Path) -> Result<Journal, CliError> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(|error| cannot_write(path, &error))?;
        // A crash can cut the last line; the next entry must start on a line of its own.
        let ends_cut = file.seek(SeekFrom::End(-1)).is_ok() && {
            let mut last = [0_u8; 1];
            file.read_exact(&mut last).is_ok() && last[0] != b'\n'
        };
        let mut journal = Journal::around(path, file);
        if ends_cut {
            journal.write_raw(b"\n")?;
        }
        Ok(journal)
    }

    fn around(path: &Path, file: File) -> Journal {
        Journal {
            path: path.to_path_buf(),
            file,
            buffer: Vec::with_capacity(256),
            sync_each: std::env::var(SYNC_ENV).is_ok_and(|value| value == "each"),
            last_sync: Instant::now(),
            unsynced: false,
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn append(
        &mut self,
        line: u64,
        hash: LineHash,
        key: &str,
        outcome: State,
        attempts: u32,
    ) -> Result<(), CliError> {
        self.write_json(&Entry {
            line,
            hash: Some(hash.to_hex()),
            key,
            outcome,
            attempts,
        })?;
        if self.sync_each || self.last_sync.elapsed() >= SYNC_INTERVAL {
            self.sync()?;
        }
        Ok(())
    }

    pub(crate) fn sync(&mut self) -> Result<(), CliError> {
        if self.unsynced || self.sync_each {
            self.file
                .sync_data()
                .map_err(|error| cannot_write(&self.path, &error))?;
        }
        self.unsynced = false;
        self.last_sync = Instant::now();
        Ok(())
    }

    fn write_json(&mut self, value: &impl Serialize) -> Result<(), CliError> {
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        serde_json::to_writer(&mut buffer, value).map_err(|error| {
            CliError::new(
                crate::exit_codes::JOB_FAILED,
                "cannot encode a journal entry",
            )
            .caused_by(&error)
        })?;
        buffer.push(b'\n');
        let written = self.write_raw(&buffer);
        self.buffer = buffer;
        written
    }

    fn write_raw(&mut self, bytes: &[u8]) -> Result<(), CliError> {
        self.file
            .write_all(bytes)
            .map_err(|error| cannot_write(&self.path, &error))?;
        self.unsynced = true;
        Ok(())
    }
}

fn cannot_write(path: &Path, error: &io::Error) -> CliError {
    CliError::new(
        crate::exit_codes::JOB_FAILED,
        format!("cannot write the journal `{}`", path.display()),
    )
    .caused_by(error)
    .with_hint("pass `--journal FILE` in a folder you can write to")
}

/// Whether a journal exists with anything in it.
pub(crate) fn holds_outcomes(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| meta.len() > 0)
}

/// Reads a journal for `--resume`: every record it names, and whether it
/// was delivered. A missing journal means nothing was; a journal of another
/// job is refused.
pub(crate) fn read(path: &Path, job: &str) -> Result<Option<Journaled>, CliError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(cannot_read(path, &error)),
    };
    let mut journaled = Journaled::default();
    let mut reader = BufReader::new(file);
    let mut text = String::new();
    let mut number = 0_u64;
    loop {
        text.clear();
        let read = reader
            .read_line(&mut text)
            .map_err(|error| cannot_read(path, &error))?;
        if read == 0 {
            break;
        }
        number += 1;
        if number == 1 {
            journaled.batch_id = check_header(path, &text, job)?.batch_id;
            continue;
        }
        // A line cut by a crash is skipped: its record is simply run again.
        let Ok(entry) = serde_json::from_str::<Entry<'_>>(text.trim_end()) else {
            if !text.trim().is_empty() {
                tracing::debug!("journal line {number} is incomplete; its record runs again");
            }
            continue;
        };
        let mark = match &entry.hash {
            Some(hex) => LineHash::from_hex(hex).map(Mark::Hash),
            None => uuid::Uuid::parse_str(entry.key)
                .ok()
                .map(|key| Mark::Key(*key.as_bytes())),
        };
        let Some(mark) = mark else {
            tracing::debug!("journal line {number} names its record oddly; its record runs again");
            continue;
        };
        journaled.insert(entry.line, mark, entry.outcome == State::Delivered);
    }
    journaled.seal();
    Ok(Some(journaled))
}

fn cannot_read(path: &Path, error: &io::Error) -> CliError {
    CliError::new(
        crate::exit_codes::JOB_FAILED,
        format!("cannot read the journal `{}`", path.display()),
    )
    .caused_by(error)
}

fn check_header(path: &Path, text: &str, job: &str) -> Result<Header, CliError> {
    let header = serde_json::from_str::<Header>(text.trim_end())
        .ok()
        .filter(|header| header.journal == FORMAT || header.journal == FORMAT_V1);
    match header {
        None => Err(CliError::usage(format!(
            "`{}` is not a batch journal of runner-cli",
            path.display()
        ))
        .with_hint("pass the journal the batch wrote with `--journal`")),
        Some(header) if header.job != job => Err(CliError::usage(format!(
            "the journal `{}` belongs to job `{}`, not `{job}`",
            path.display(),
            header.job
        ))
        .with_hint("resume with the same `--job`, or pass another `--journal`")),
        Some(header) => Ok(header),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(text: &str) -> LineHash {
        LineHash::of(text.as_bytes())
    }

    #[test]
    fn a_resumed_journal_knows_what_was_delivered_and_skips_a_cut_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("batch.journal.jsonl");
        let mut journal = Journal::create(&path, "Job", "in.jsonl", None).expect("create");
        journal
            .append(1, hash("a"), "k1", State::Delivered, 1)
            .expect("append");
        journal
            .append(2, hash("b"), "k2", State::Failed, 4)
            .expect("append");
        journal
            .append(130, hash("c"), "k130", State::Delivered, 1)
            .expect("append");
        drop(journal);
        let mut file = OpenOptions::new().append(true).open(&path).expect("open");
        file.write_all(b"{\"line\":3,\"hash\":\"00\",\"key\":\"k3\",\"outc")
            .expect("cut");
        drop(file);

        let journaled = read(&path, "Job").expect("reads").expect("exists");
        assert_eq!(journaled.delivered(), 2);
        assert_eq!(journaled.len(), 3);
        assert_eq!(journaled.last_line(), 130);
        let first = journaled.at(1).expect("line 1");
        assert!(first.delivered && first.mark == Mark::Hash(hash("a")));
        assert!(!journaled.at(2).expect("line 2").delivered);
        assert!(journaled.at(3).is_none());

        let mut journal = Journal::append_to(&path).expect("append");
        journal
            .append(3, hash("d"), "k3", State::Delivered, 1)
            .expect("append");
        drop(journal);
        let journaled = read(&path, "Job").expect("reads").expect("exists");
        assert!(journaled.at(3).expect("line 3").delivered);

        let error = read(&path, "Other").expect_err("another job");
        assert!(
            error.to_string().contains("belongs to job `Job`"),
            "{error}"
        );
        let error = Journal::create(&path, "Job", "in.jsonl", None)
            .err()
            .expect("refused");
        assert!(error.to_string().contains("already holds"), "{error}");
    }

    #[test]
    fn a_v1_journal_names_its_records_by_key() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("old.journal.jsonl");
        let key = "6f9619ff-8b86-5011-b42d-00c04fc964ff";
        std::fs::write(
            &path,
            format!(
                "{{\"journal\":\"runner-cli batch journal v1\",\"job\":\"Job\",\"input\":\"in.jsonl\"}}\n\
                 {{\"line\":1,\"key\":\"{key}\",\"outcome\":\"delivered\",\"attempts\":1}}\n"
            ),
        )
        .expect("write");
        let journaled = read(&path, "Job").expect("reads").expect("exists");
        let entry = journaled.at(1).expect("line 1");
        let uuid = uuid::Uuid::parse_str(key).expect("uuid");
        assert_eq!(entry.mark, Mark::Key(*uuid.as_bytes()));
        assert!(entry.delivered);
    }
}
