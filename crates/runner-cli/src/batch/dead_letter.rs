//! The dead-letter file: records that could not be delivered (a bad line, a
//! permanent refusal, retries used up), one JSON line each, in a shape
//! `--each` reads back: `{"dead_letter": {line, state, error, attempts}, "original": ...}`.
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
    /// Too long to keep: find it in the input by its line number.
    NotKept,
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
            Original::NotKept => Json::Null,
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
        let file = match &mut self.file {
            Some(file) => file,
            None => {
                let file =
                    File::create(&self.path).map_err(|error| cannot_write(&self.path, &error))?;
                self.file.insert(BufWriter::new(file))
            }
        };
        serde_json::to_writer(&mut *file, &entry)
            .map_err(std::io::Error::from)
            .and_then(|()| file.write_all(b"\n"))
            .and_then(|()| file.flush())
            .map_err(|error| cannot_write(&self.path, &error))?;
        self.count += 1;
        Ok(())
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

fn cannot_write(path: &Path, error: &std::io::Error) -> CliError {
    CliError::new(
        crate::exit_codes::JOB_FAILED,
        format!("cannot write the dead-letter file `{}`", path.display()),
    )
    .caused_by(error)
    .with_hint("pass `--dead-letter FILE` in a folder you can write to")
}
