//! `--resume`: which lines of the input an earlier batch delivered, known
//! by line number *and* content. A line is skipped only when the journal
//! shows a delivered record on that line with the same content, so a file
//! edited, reordered or replaced since, or a different stream on stdin,
//! never has a record skipped that was not delivered.
//!
//! Before anything is sent, the input is compared with the journal up to
//! its last journaled line (lines to run are held meanwhile: for a real
//! resume those are the few that were not delivered). When some differ the
//! batch is refused, saying how many match, unless `--force-mismatch` asks
//! to go on anyway; a stream that differs is never told to `--resume`.

use std::path::Path;
use std::sync::mpsc::Receiver;

use super::journal::{self, Journal};
use super::record;
use super::source::{Body, Line, LineHash};
use crate::error::CliError;

/// How a journal entry names its record's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// The [`LineHash`] of the line (journal v2).
    Hash(LineHash),
    /// The record's idempotency key (journal v1), a UUID v5 of the job, the
    /// input's path, the line number and the line's text: as exact a name
    /// of the content, as long as the input keeps its path.
    Key([u8; 16]),
}

#[derive(Debug)]
pub(crate) struct JournaledLine {
    pub(crate) line: u64,
    pub(crate) mark: Mark,
    pub(crate) delivered: bool,
}

/// What a journal shows, one entry per line number, sorted by it.
#[derive(Debug, Default)]
pub(crate) struct Journaled {
    lines: Vec<JournaledLine>,
    delivered: u64,
    /// The `--batch-id` the journal was started with.
    pub(crate) batch_id: Option<String>,
}

impl Journaled {
    /// Adds an entry, in the order the journal has them.
    pub(crate) fn insert(&mut self, line: u64, mark: Mark, delivered: bool) {
        self.lines.push(JournaledLine {
            line,
            mark,
            delivered,
        });
    }

    /// Keeps one entry per line: a later entry of the same content adds to
    /// it (delivered once is delivered), one of other content (a line sent
    /// with `--force-mismatch`) replaces it.
    pub(crate) fn seal(&mut self) {
        self.lines.sort_by_key(|entry| entry.line);
        let mut sealed: Vec<JournaledLine> = Vec::with_capacity(self.lines.len());
        for entry in self.lines.drain(..) {
            match sealed.last_mut() {
                Some(last) if last.line == entry.line && last.mark == entry.mark => {
                    last.delivered |= entry.delivered;
                }
                Some(last) if last.line == entry.line => *last = entry,
                _ => sealed.push(entry),
            }
        }
        self.delivered = sealed.iter().filter(|entry| entry.delivered).count() as u64;
        self.lines = sealed;
    }

    pub(crate) fn at(&self, line: u64) -> Option<&JournaledLine> {
        self.lines
            .binary_search_by_key(&line, |entry| entry.line)
            .ok()
            .map(|at| &self.lines[at])
    }

    /// Line numbers the journal names.
    pub(crate) fn len(&self) -> u64 {
        self.lines.len() as u64
    }

    pub(crate) fn delivered(&self) -> u64 {
        self.delivered
    }

    pub(crate) fn last_line(&self) -> u64 {
        self.lines.last().map_or(0, |entry| entry.line)
    }
}

/// What to do with a line of a resumed batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Delivered before, same line, same content.
    Skip,
    /// Not delivered before, or not journaled at all.
    Run,
    /// The journal has another record on this line: sent (only ever with
    /// `--force-mismatch`), never skipped.
    Differs,
}

/// A journal read for `--resume`, with what it takes to recognise its records.
pub(crate) struct Resume {
    journaled: Journaled,
    job: String,
    identity: String,
}

impl Resume {
    pub(crate) fn new(journaled: Journaled, job: &str, identity: &str) -> Resume {
        Resume {
            journaled,
            job: job.to_owned(),
            identity: identity.to_owned(),
        }
    }

    pub(crate) fn classify(&self, line: &Line) -> Class {
        match self.journaled.at(line.number) {
            None => Class::Run,
            Some(entry) if !self.same_record(entry, line) => Class::Differs,
            Some(entry) if entry.delivered => Class::Skip,
            Some(_) => Class::Run,
        }
    }

    fn same_record(&self, entry: &JournaledLine, line: &Line) -> bool {
        match entry.mark {
            Mark::Hash(hash) => hash == line.hash,
            Mark::Key(key) => {
                let text = match &line.body {
                    Body::Text(text) => text.as_str(),
                    Body::TooLong(_) | Body::NotUtf8(_) => "",
                };
                record::key_uuid(&self.job, &self.identity, line.number, text).as_bytes() == &key
            }
        }
    }
}

/// How the input compares with the journal, up to its last journaled line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Comparison {
    pub(crate) journaled: u64,
    /// Journaled lines whose content is the same in the input.
    pub(crate) matching: u64,
    /// Journaled lines that hold another record now.
    pub(crate) differing: u64,
    /// Delivered lines that match, which a resume skips.
    pub(crate) skippable: u64,
}

impl Comparison {
    /// Journaled lines the input no longer has (it is shorter, or they are blank).
    pub(crate) fn missing(&self) -> u64 {
        self.journaled - self.matching - self.differing
    }

    pub(crate) fn matches(&self) -> bool {
        self.matching == self.journaled
    }

    /// `1 of 3 journaled records match the input (2 differ)`.
    fn describe(&self) -> String {
        let mut text = format!(
            "{} of {} journaled record{} match{} the input",
            self.matching,
            self.journaled,
            plural(self.journaled),
            if self.journaled == 1 { "es" } else { "" },
        );
        let mut apart = Vec::new();
        if self.differing > 0 {
            apart.push(format!(
                "{} differ{}",
                self.differing,
                verb_s(self.differing)
            ));
        }
        if self.missing() > 0 {
            apart.push(format!(
                "{} {} missing",
                self.missing(),
                is_are(self.missing())
            ));
        }
        if !apart.is_empty() {
            text.push_str(&format!(" ({})", apart.join(", ")));
        }
        text
    }
}

/// Reads the input up to the journal's last line and compares. Returns the
/// lines to run among those read (none once a line differs: the batch is
/// then refused, so only the counting goes on).
pub(crate) fn compare(resume: &Resume, lines: &Receiver<Line>) -> (Comparison, Vec<Line>) {
    let last = resume.journaled.last_line();
    let mut comparison = Comparison {
        journaled: resume.journaled.len(),
        ..Comparison::default()
    };
    let mut held = Vec::new();
    while let Ok(line) = lines.recv() {
        let past_journal = line.number > last;
        match resume.classify(&line) {
            Class::Differs => {
                comparison.differing += 1;
                held = Vec::new();
            }
            Class::Skip => {
                comparison.matching += 1;
                comparison.skippable += 1;
            }
            Class::Run => {
                if resume.journaled.at(line.number).is_some() {
                    comparison.matching += 1;
                }
                if comparison.differing == 0 {
                    held.push(line);
                }
            }
        }
        if past_journal {
            break;
        }
    }
    (comparison, held)
}

/// The journal a batch writes to, and what it knows of an earlier run.
pub(crate) struct Opened {
    pub(crate) journal: Journal,
    pub(crate) resume: Option<Resume>,
    /// Lines read while comparing, to run before the rest of the input.
    pub(crate) held: Vec<Line>,
    /// Delivered lines the comparison already skipped.
    pub(crate) skipped: u64,
    /// The `--batch-id` in force: the one given, or the resumed journal's.
    pub(crate) batch_id: Option<String>,
}

/// What [`open`] needs to know of the batch.
pub(crate) struct Request<'a> {
    pub(crate) path: &'a Path,
    pub(crate) job: &'a str,
    pub(crate) identity: &'a str,
    /// The input as the user wrote it, for messages.
    pub(crate) shown: &'a str,
    pub(crate) resume: bool,
    pub(crate) force_mismatch: bool,
    pub(crate) batch_id: Option<&'a str>,
}

/// Opens the journal: a new one, or the earlier run's for `--resume` once
/// the input is known to match it. `notes` receives what goes to stderr.
pub(crate) fn open(
    request: &Request<'_>,
    lines: &Receiver<Line>,
    notes: &mut dyn FnMut(&str),
) -> Result<Opened, CliError> {
    let fresh = |held| -> Result<Opened, CliError> {
        Ok(Opened {
            journal: Journal::create(request.path, request.job, request.shown, request.batch_id)?,
            resume: None,
            held,
            skipped: 0,
            batch_id: request.batch_id.map(str::to_owned),
        })
    };
    let path = request.path.display();
    if !journal::holds_outcomes(request.path) {
        if request.resume {
            tracing::warn!("no journal at `{path}`: running every record");
        }
        return fresh(Vec::new());
    }
    if !request.resume {
        return Err(refuse_existing(request, lines));
    }
    let Some(journaled) = journal::read(request.path, request.job)? else {
        return fresh(Vec::new());
    };
    let batch_id = resumed_batch_id(request, &journaled)?;
    let delivered = journaled.delivered();
    let resume = Resume::new(journaled, request.job, request.identity);
    if request.force_mismatch {
        notes(&format!(
            "resuming: `{path}` shows {delivered} record{} delivered; with `--force-mismatch` only those whose line and content both match are skipped",
            plural(delivered)
        ));
        return Ok(Opened {
            journal: Journal::append_to(request.path)?,
            resume: Some(resume),
            held: Vec::new(),
            skipped: 0,
            batch_id,
        });
    }
    let (comparison, held) = compare(&resume, lines);
    if !comparison.matches() {
        return Err(CliError::usage(format!(
            "the input `{}` does not match the journal `{path}`: {}; nothing was sent",
            request.shown,
            comparison.describe()
        ))
        .with_hint(
            "the input changed since that batch, or belongs to another one: pass a new `--journal FILE` to send it as a new batch, or add `--force-mismatch` to skip only the records whose line and content both match a delivered entry and send every other line",
        ));
    }
    notes(&format!(
        "resuming: `{path}` shows {delivered} record{} delivered and the input matches it; they are skipped",
        plural(delivered)
    ));
    Ok(Opened {
        journal: Journal::append_to(request.path)?,
        resume: Some(resume),
        held,
        skipped: comparison.skippable,
        batch_id,
    })
}

/// A resume sends the keys the batch started with: the journal's
/// `--batch-id` is kept, and another one is refused.
fn resumed_batch_id(
    request: &Request<'_>,
    journaled: &Journaled,
) -> Result<Option<String>, CliError> {
    match (request.batch_id, journaled.batch_id.as_deref()) {
        (None, journal) => Ok(journal.map(str::to_owned)),
        (Some(given), Some(journal)) if given == journal => Ok(Some(given.to_owned())),
        (Some(given), journal) => Err(CliError::usage(format!(
            "the journal `{}` was started {}, not with `--batch-id {given}`",
            request.path.display(),
            journal.map_or_else(|| "without `--batch-id`".to_owned(), |id| format!("with `--batch-id {id}`"))
        ))
        .with_hint(
            "a resumed batch must send the same keys: resume without `--batch-id` (the journal's is kept), or pass another `--journal` for a new batch",
        )),
    }
}

/// A second batch on a journal that holds outcomes, without `--resume`:
/// suggest `--resume` only when the input is the one journaled.
fn refuse_existing(request: &Request<'_>, lines: &Receiver<Line>) -> CliError {
    let path = request.path.display();
    let earlier = CliError::usage(format!(
        "the journal `{path}` already holds the outcomes of an earlier batch"
    ));
    let Ok(Some(journaled)) = journal::read(request.path, request.job) else {
        return earlier.with_hint(
            "pass another `--journal`, or delete the journal to send every record again",
        );
    };
    let delivered = journaled.delivered();
    let resume = Resume::new(journaled, request.job, request.identity);
    let (comparison, _) = compare(&resume, lines);
    if comparison.matches() {
        CliError::usage(format!(
            "the journal `{path}` already holds the outcomes of an earlier batch of this input ({delivered} of {} record{} delivered)",
            comparison.journaled,
            plural(comparison.journaled)
        ))
        .with_hint(
            "add `--resume` to send only the records it does not show delivered, pass another `--journal`, or delete the journal to send every record again",
        )
    } else {
        CliError::usage(format!(
            "the journal `{path}` holds the outcomes of another batch: {}",
            comparison.describe()
        ))
        .with_hint(
            "this input is not the one journaled there: pass another `--journal FILE` to send it as a new batch, or delete the journal",
        )
    }
}

fn plural(count: u64) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn verb_s(count: u64) -> &'static str {
    if count == 1 { "s" } else { "" }
}

fn is_are(count: u64) -> &'static str {
    if count == 1 { "is" } else { "are" }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::sync_channel;

    use super::*;

    fn line(number: u64, text: &str) -> Line {
        Line {
            number,
            hash: LineHash::of(text.as_bytes()),
            body: Body::Text(text.to_owned()),
        }
    }

    fn journaled(entries: &[(u64, &str, bool)]) -> Resume {
        let mut journaled = Journaled::default();
        for (number, text, delivered) in entries {
            journaled.insert(
                *number,
                Mark::Hash(LineHash::of(text.as_bytes())),
                *delivered,
            );
        }
        journaled.seal();
        Resume::new(journaled, "Job", "/in.jsonl")
    }

    fn compare_with(resume: &Resume, input: &[&str]) -> (Comparison, Vec<u64>) {
        let (sender, receiver) = sync_channel(input.len());
        for (at, text) in input.iter().enumerate() {
            sender.send(line(at as u64 + 1, text)).expect("send");
        }
        drop(sender);
        let (comparison, held) = compare(resume, &receiver);
        (comparison, held.iter().map(|line| line.number).collect())
    }

    #[test]
    fn only_a_delivered_line_of_the_same_content_is_skipped() {
        let resume = journaled(&[(1, "a", true), (2, "b", false), (3, "c", true)]);
        assert_eq!(resume.classify(&line(1, "a")), Class::Skip);
        assert_eq!(resume.classify(&line(2, "b")), Class::Run);
        assert_eq!(resume.classify(&line(3, "x")), Class::Differs);
        assert_eq!(resume.classify(&line(4, "a")), Class::Run);
    }

    #[test]
    fn an_unchanged_input_matches_and_holds_only_what_runs() {
        let resume = journaled(&[(1, "a", true), (2, "b", false), (3, "c", true)]);
        let (comparison, held) = compare_with(&resume, &["a", "b", "c", "d", "e"]);
        assert!(comparison.matches());
        assert_eq!(comparison.skippable, 2);
        // Line 4 is read to know the journaled part is over; 5 stays unread.
        assert_eq!(held, [2, 4]);
    }

    #[test]
    fn an_inserted_line_shows_as_differing_lines_and_nothing_is_held() {
        let resume = journaled(&[(1, "a", true), (2, "b", true), (3, "c", true)]);
        let (comparison, held) = compare_with(&resume, &["a", "new", "b", "c"]);
        assert_eq!(
            (
                comparison.matching,
                comparison.differing,
                comparison.missing()
            ),
            (1, 2, 0)
        );
        assert!(held.is_empty());
        assert_eq!(
            comparison.describe(),
            "1 of 3 journaled records match the input (2 differ)"
        );
    }

    #[test]
    fn a_shorter_input_leaves_journaled_lines_missing() {
        let resume = journaled(&[(1, "a", true), (2, "b", true)]);
        let (comparison, _) = compare_with(&resume, &["a"]);
        assert!(!comparison.matches());
        assert_eq!(comparison.missing(), 1);
        assert_eq!(
            comparison.describe(),
            "1 of 2 journaled records match the input (1 is missing)"
        );
    }

    #[test]
    fn a_line_sent_again_with_other_content_replaces_its_entry() {
        let resume = journaled(&[
            (1, "a", true),
            (1, "b", false),
            (2, "c", false),
            (2, "c", true),
        ]);
        assert_eq!(resume.classify(&line(1, "b")), Class::Run);
        assert_eq!(resume.classify(&line(1, "a")), Class::Differs);
        assert_eq!(resume.classify(&line(2, "c")), Class::Skip);
        assert_eq!(resume.journaled.delivered(), 1);
    }

    #[test]
    fn a_v1_entry_matches_the_line_whose_key_it_is() {
        let key = record::key_uuid("Job", "/in.jsonl", 1, "a");
        let mut journaled = Journaled::default();
        journaled.insert(1, Mark::Key(*key.as_bytes()), true);
        journaled.seal();
        let resume = Resume::new(journaled, "Job", "/in.jsonl");
        assert_eq!(resume.classify(&line(1, "a")), Class::Skip);
        assert_eq!(resume.classify(&line(1, "b")), Class::Differs);
    }
}
