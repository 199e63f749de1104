//! The dead-letter file: records that could not be delivered (a bad line, a
//! permanent refusal, retries used up), one JSON line each, in a shape
//! `--each` reads back: `{"dead_letter": {line, state, error, attempts}, "original": ...}`.
//!
//! A line too long to hold in memory is streamed from its spool on disk
//! into its dead letter in base64 (`original_base64`, as for a line that is
//! not UTF-8), so nothing is lost and the file can be fed back.
//!
//! Secrets never reach the file: values of sensitive inputs (and env values)
//! in `original` are replaced by `[redacted]` and the entry says
//! `"redacted": true`; `--each` refuses such a record until the values are
//! put back, rather than sending the placeholder.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::Serialize;
use serde_json::Value as Json;

use super::outcome::State;
use super::spool::{self, Spool};
use crate::error::CliError;
use crate::redact::Secrets;

pub(crate) const META_KEY: &str = "dead_letter";
pub(crate) const ORIGINAL_KEY: &str = "original";
/// A line that is not UTF-8 is kept as its bytes in base64 (`original` is then `null`).
pub(crate) const ORIGINAL_BASE64_KEY: &str = "original_base64";

/// What a dead letter keeps of its line.
pub(crate) enum Original<'a> {
    Text(&'a str),
    /// Not UTF-8: kept byte for byte.
    Raw(&'a [u8]),
    /// Too long to hold in memory: streamed from disk in base64.
    Spooled(&'a Spool),
}

/// Whether a JSON object is a line of a dead-letter file.
pub(crate) fn is_dead_letter(fields: &serde_json::Map<String, Json>) -> bool {
    let extra = usize::from(fields.contains_key(ORIGINAL_BASE64_KEY));
    fields.len() == 2 + extra && fields.contains_key(META_KEY) && fields.contains_key(ORIGINAL_KEY)
}

#[derive(Serialize)]
struct Meta<'a> {
    line: u64,
    state: State,
    error: &'a str,
    attempts: u32,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    redacted: bool,
}

/// Created when the first record fails, so a clean batch leaves no empty file.
pub(crate) struct DeadLetters {
    path: PathBuf,
    file: Option<BufWriter<File>>,
    count: u64,
}

impl DeadLetters {
    /// Clears what an earlier run left: a resumed batch runs those records
    /// again and writes the ones that still fail.
    pub(crate) fn new(path: &Path) -> Result<DeadLetters, CliError> {
        if path.exists() {
            std::fs::remove_file(path).map_err(|error| cannot_write(path, &error))?;
        }
        Ok(DeadLetters {
            path: path.to_path_buf(),
            file: None,
            count: 0,
        })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn count(&self) -> u64 {
        self.count
    }

    /// `original` is the line as JSON when it parses, else its text, which
    /// `--each` parses again once it is fixed; a line that is not UTF-8 is
    /// kept in base64. A dead letter fed back that fails again keeps its own
    /// `original`, never a dead letter of a dead letter.
    pub(crate) fn append(
        &mut self,
        line: u64,
        state: State,
        original: Original<'_>,
        error: &str,
        attempts: u32,
        secrets: &Secrets,
    ) -> Result<(), CliError> {
        if let Original::Spooled(spool) = original {
            return self.append_spooled(line, state, spool, error, attempts, secrets);
        }
        let mut raw = None;
        let mut redacted = false;
        let mut original = match original {
            Original::Text(text) => match serde_json::from_str(text) {
                Ok(Json::Object(mut fields)) if is_dead_letter(&fields) => {
                    raw = fields.remove(ORIGINAL_BASE64_KEY);
                    fields.remove(ORIGINAL_KEY).unwrap_or(Json::Null)
                }
                Ok(json) => json,
                Err(_) => Json::String(text.to_owned()),
            },
            Original::Raw(bytes) => {
                // Bytes that carry a secret are not kept: base64 hides nothing.
                let lossy = String::from_utf8_lossy(bytes);
                if matches!(secrets.redact_text(&lossy), std::borrow::Cow::Owned(_)) {
                    redacted = true;
                } else {
                    raw = Some(Json::String(
                        base64::engine::general_purpose::STANDARD.encode(bytes),
                    ));
                }
                Json::Null
            }
            Original::Spooled(_) => Json::Null,
        };
        redacted |= secrets.redact_json(&mut original);
        let mut entry = serde_json::Map::new();
        let meta = Meta {
            line,
            state,
            error,
            attempts,
            redacted,
        };
        entry.insert(
            META_KEY.to_owned(),
            serde_json::to_value(meta).unwrap_or(Json::Null),
        );
        entry.insert(ORIGINAL_KEY.to_owned(), original);
        if let Some(raw) = raw {
            entry.insert(ORIGINAL_BASE64_KEY.to_owned(), raw);
        }
        let path = self.path.clone();
        let file = self.file()?;
        serde_json::to_writer(&mut *file, &entry)
            .map_err(std::io::Error::from)
            .and_then(|()| file.write_all(b"\n"))
            .and_then(|()| file.flush())
            .map_err(|error| cannot_write(&path, &error))?;
        self.count += 1;
        Ok(())
    }

    /// The dead letter of a line too long to hold: its meta, then the line
    /// streamed in base64, in the one layout the reader recognises when the
    /// file is fed back (see [`spool`](super::spool)).
    fn append_spooled(
        &mut self,
        line: u64,
        state: State,
        spool: &Spool,
        error: &str,
        attempts: u32,
        secrets: &Secrets,
    ) -> Result<(), CliError> {
        let path = self.path.clone();
        let redacted = spool
            .holds_a_secret(secrets)
            .map_err(|error| cannot_read_spool(&error))?;
        let meta = Meta {
            line,
            state,
            error,
            attempts,
            redacted,
        };
        let file = self.file()?;
        let written = file
            .write_all(spool::DEAD_LETTER_START)
            .and_then(|()| serde_json::to_writer(&mut *file, &meta).map_err(std::io::Error::from));
        let written = written.and_then(|()| {
            if redacted {
                // Bytes that carry a secret are not kept: base64 hides nothing.
                return file.write_all(b",\"original\":null}");
            }
            file.write_all(spool::BASE64_START)?;
            spool.write_base64(&mut *file)?;
            file.write_all(spool::BASE64_END)
        });
        written
            .and_then(|()| file.write_all(b"\n"))
            .and_then(|()| file.flush())
            .map_err(|error| cannot_write(&path, &error))?;
        self.count += 1;
        Ok(())
    }

    /// The file, created on the first dead letter.
    fn file(&mut self) -> Result<&mut BufWriter<File>, CliError> {
        if self.file.is_none() {
            let file =
                File::create(&self.path).map_err(|error| cannot_write(&self.path, &error))?;
            self.file = Some(BufWriter::new(file));
        }
        self.file.as_mut().ok_or_else(|| {
            CliError::new(
                crate::exit_codes::JOB_FAILED,
                "the dead-letter file is not open",
            )
        })
    }

    pub(crate) fn finish(&mut self) -> Result<(), CliError> {
        if let Some(file) = &mut self.file {
            file.flush()
                .and_then(|()| file.get_ref().sync_data())
                .map_err(|error| cannot_write(&self.path, &error))?;
        }
        Ok(())
    }
}

fn cannot_read_spool(error: &std::io::Error) -> CliError {
    CliError::new(
        crate::exit_codes::JOB_FAILED,
        "cannot read back a long line kept in a temporary file for its dead letter",
    )
    .caused_by(error)
    .with_hint("check the space left in the temporary folder (`TMPDIR`)")
}

fn cannot_write(path: &Path, error: &std::io::Error) -> CliError {
    CliError::new(
        crate::exit_codes::JOB_FAILED,
        format!("cannot write the dead-letter file `{}`", path.display()),
    )
    .caused_by(error)
    .with_hint("pass `--dead-letter FILE` in a folder you can write to")
}
