//! What flows between a batch's threads: a record on its way to a worker
//! ([`Work`]) and its end on the way to the recorder ([`Done`]).

use std::time::Duration;

use job_runner::run::RunResult;
use job_runner::value::Object;

use super::dead_letter::{self};
use super::source::LineHash;
use super::spool::Spool;
use crate::redact::Secrets;

/// How often idle threads look at the Ctrl-C flag.
pub(super) const POLL: Duration = Duration::from_millis(50);

/// Where a record sits: its line in this input (what the journal names)
/// and the line it is reported under (a dead letter's original line).
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    pub(super) line: u64,
    pub(super) hash: LineHash,
    pub(super) shown_line: u64,
}

/// A record on its way to a worker.
pub(super) struct Work {
    pub(super) place: Place,
    pub(super) key: String,
    pub(super) text: String,
    pub(super) inputs: Object,
    pub(super) secrets: Secrets,
}

/// What an invalid line brings to its dead letter.
pub(super) enum LineKept {
    Text(String),
    Raw(Vec<u8>),
    /// Too long to hold in memory: on disk until its dead letter is written.
    Spooled(Spool),
}

impl LineKept {
    pub(super) fn as_original(&self) -> dead_letter::Original<'_> {
        match self {
            LineKept::Text(text) => dead_letter::Original::Text(text),
            LineKept::Raw(bytes) => dead_letter::Original::Raw(bytes),
            LineKept::Spooled(spool) => dead_letter::Original::Spooled(spool),
        }
    }
}

/// When a record ran, and its triggers, for its history record.
pub(super) struct Ran {
    pub(super) started_at_ms: i64,
    pub(super) ended_at_ms: i64,
    pub(super) log: std::sync::Arc<crate::history::TriggerLog>,
}

/// A record's end, on its way to the recorder.
pub(super) enum Done {
    Ran {
        work: Work,
        result: Box<RunResult>,
        ran: Ran,
    },
    Invalid {
        place: Place,
        key: String,
        line: LineKept,
        reason: String,
    },
    Skipped,
}
