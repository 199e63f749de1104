//! Where a batch's records come from: a JSON Lines file, stdin, or a pipe
//! given by path (`/dev/stdin`, `<(cmd)`, a FIFO), opened once and read one
//! line at a time into a reused buffer, so memory stays flat however long
//! the input is. A UTF-8 byte order mark at the start is skipped. Each line comes with a hash of its content, which the
//! journal keeps so `--resume` can tell a delivered record from a new one
//! that now sits on the same line.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::spool::{self, Spooled};
use crate::error::CliError;

/// What some editors on Windows put at the start of a UTF-8 file.
pub(crate) const BOM: &[u8] = "\u{feff}".as_bytes();

/// A line this long or longer is refused: Make takes at most 5 MB per
/// request. Such a line is never held in memory: it is spooled to disk
/// ([`spool`]) for its dead letter.
pub(crate) const MAX_LINE_BYTES: usize = make_core::MAKE_PAYLOAD_LIMIT + 1024 * 1024;

/// The input of a batch, opened (so a missing file is reported before anything starts).
pub(crate) struct Source {
    origin: Origin,
    reader: Box<dyn Read + Send>,
}

enum Origin {
    File {
        given: PathBuf,
        canonical: PathBuf,
    },
    /// Not a regular file: read once as it comes, never reopened or counted.
    Stream {
        given: PathBuf,
    },
    Stdin,
}

impl Source {
    /// `-` is stdin; anything else a file that must exist and be readable.
    pub(crate) fn open(path: &Path) -> Result<Source, CliError> {
        if path == Path::new("-") {
            return Ok(Source {
                origin: Origin::Stdin,
                reader: Box::new(io::stdin()),
            });
        }
        let file = File::open(path).map_err(|error| {
            CliError::invalid_input(format!(
                "cannot read the `--each` file `{}`",
                path.display()
            ))
            .caused_by(&error)
            .with_hint("pass a JSON Lines file (one object of inputs per line), or `-` for stdin")
        })?;
        let meta = file.metadata().ok();
        if meta.as_ref().is_some_and(std::fs::Metadata::is_dir) {
            return Err(CliError::invalid_input(format!(
                "the `--each` path `{}` is a folder, not a JSON Lines file",
                path.display()
            )));
        }
        if !meta.as_ref().is_some_and(std::fs::Metadata::is_file) {
            return Ok(Source {
                origin: Origin::Stream {
                    given: path.to_path_buf(),
                },
                reader: Box::new(file),
            });
        }
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        Ok(Source {
            origin: Origin::File {
                given: path.to_path_buf(),
                canonical,
            },
            reader: Box::new(file),
        })
    }

    /// Part of every record's idempotency key: the file's absolute path, so
    /// the same line of the same file gets the same key on resume.
    pub(crate) fn identity(&self) -> String {
        match &self.origin {
            Origin::File { canonical, .. } => canonical.display().to_string(),
            Origin::Stream { given } => given.display().to_string(),
            Origin::Stdin => "stdin".to_owned(),
        }
    }

    /// The path as the user wrote it (`-` for stdin), for messages.
    pub(crate) fn shown(&self) -> String {
        match &self.origin {
            Origin::File { given, .. } | Origin::Stream { given } => given.display().to_string(),
            Origin::Stdin => "-".to_owned(),
        }
    }

    pub(crate) fn canonical_path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File { canonical, .. } => Some(canonical),
            Origin::Stream { .. } | Origin::Stdin => None,
        }
    }

    /// `FILE<suffix>` next to the input, or `stdin<suffix>` in the working
    /// folder; for a pipe given by path, its name in the working folder
    /// (`/dev/fd/63` → `63<suffix>`), since `/dev` is no place to write.
    pub(crate) fn sibling(&self, suffix: &str) -> PathBuf {
        match &self.origin {
            Origin::File { given, .. } => {
                let mut name = given.as_os_str().to_owned();
                name.push(suffix);
                PathBuf::from(name)
            }
            Origin::Stream { given } => {
                let name = given
                    .file_name()
                    .map_or_else(|| "stdin".into(), |name| name.to_string_lossy());
                PathBuf::from(format!("{name}{suffix}"))
            }
            Origin::Stdin => PathBuf::from(format!("stdin{suffix}")),
        }
    }

    /// How many records a file holds (lines with anything but blanks), read
    /// in a separate pass for the progress bar's ETA; `None` for stdin and
    /// pipes, which can be read only once.
    pub(crate) fn count_records(&self) -> Option<u64> {
        let Origin::File { canonical, .. } = &self.origin else {
            return None;
        };
        let mut reader = BufReader::with_capacity(256 * 1024, File::open(canonical).ok()?);
        let mut count = 0_u64;
        let mut line_has_text = false;
        loop {
            let chunk = reader.fill_buf().ok()?;
            if chunk.is_empty() {
                break;
            }
            for byte in chunk {
                match byte {
                    b'\n' => {
                        count += u64::from(line_has_text);
                        line_has_text = false;
                    }
                    b' ' | b'\t' | b'\r' => {}
                    _ => line_has_text = true,
                }
            }
            let used = chunk.len();
            reader.consume(used);
        }
        Some(count + u64::from(line_has_text))
    }

    pub(crate) fn lines(self) -> Lines {
        Lines {
            reader: BufReader::with_capacity(64 * 1024, self.reader),
            buffer: Vec::new(),
            number: 0,
            at_start: true,
        }
    }
}

/// One line of the input, numbered from 1 as editors do.
#[derive(Debug)]
pub(crate) struct Line {
    pub(crate) number: u64,
    /// What identifies the line's content in the journal.
    pub(crate) hash: LineHash,
    pub(crate) body: Body,
}

#[derive(Debug)]
pub(crate) enum Body {
    Text(String),
    /// Over [`MAX_LINE_BYTES`]: kept whole on disk for its dead letter.
    TooLong(Spooled),
    /// The line's bytes, kept so its dead letter can keep them too.
    NotUtf8(Vec<u8>),
}

/// The first 128 bits of the SHA-256 of a line's bytes (without its line
/// break): enough that two different records never share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct LineHash(pub(crate) [u8; 16]);

impl LineHash {
    pub(crate) fn of(bytes: &[u8]) -> LineHash {
        LineHash::of_parts(&[bytes])
    }

    fn of_parts(parts: &[&[u8]]) -> LineHash {
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update(part);
        }
        let digest = hasher.finalize();
        let mut hash = [0_u8; 16];
        hash.copy_from_slice(&digest[..16]);
        LineHash(hash)
    }

    /// 32 lowercase hex digits, as the journal writes it.
    pub(crate) fn to_hex(self) -> String {
        self.0.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    pub(crate) fn from_hex(text: &str) -> Option<LineHash> {
        if text.len() != 32 || !text.is_ascii() {
            return None;
        }
        let mut hash = [0_u8; 16];
        for (slot, pair) in hash.iter_mut().zip(text.as_bytes().chunks(2)) {
            let pair = std::str::from_utf8(pair).ok()?;
            *slot = u8::from_str_radix(pair, 16).ok()?;
        }
        Some(LineHash(hash))
    }
}

pub(crate) struct Lines {
    reader: BufReader<Box<dyn Read + Send>>,
    buffer: Vec<u8>,
    number: u64,
    /// Before the first line, where a byte order mark may stand.
    at_start: bool,
}

impl Lines {
    /// The next line, blank lines skipped (their numbers still count);
    /// `Ok(None)` at the end.
    pub(crate) fn next_line(&mut self) -> io::Result<Option<Line>> {
        loop {
            let read = self.read_capped()?;
            if matches!(read, Capped::End) {
                return Ok(None);
            }
            if std::mem::take(&mut self.at_start) && self.buffer.starts_with(BOM) {
                self.buffer.drain(..BOM.len());
            }
            self.number += 1;
            let number = self.number;
            if matches!(read, Capped::TooLong) {
                let spooled = spool::spool_line(&self.buffer, &mut self.reader)?;
                // The buffer grew to the cap: give that memory back.
                self.buffer = Vec::new();
                return Ok(Some(Line {
                    number,
                    hash: spooled.hash,
                    body: Body::TooLong(spooled),
                }));
            }
            let content = trim_line_break(&self.buffer);
            let Ok(text) = std::str::from_utf8(content) else {
                return Ok(Some(Line {
                    number,
                    hash: LineHash::of(content),
                    body: Body::NotUtf8(content.to_vec()),
                }));
            };
            if text.trim().is_empty() {
                continue;
            }
            return Ok(Some(Line {
                number,
                hash: LineHash::of(content),
                body: Body::Text(text.to_owned()),
            }));
        }
    }

    /// Reads one line into the buffer, or, when it is longer than
    /// `MAX_LINE_BYTES`, its first `MAX_LINE_BYTES` bytes, the rest left
    /// for [`spool::spool_line`] to stream to disk.
    fn read_capped(&mut self) -> io::Result<Capped> {
        self.buffer.clear();
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                return Ok(if self.buffer.is_empty() {
                    Capped::End
                } else {
                    Capped::Line
                });
            }
            let newline = available.iter().position(|byte| *byte == b'\n');
            let line_end = newline.map_or(available.len(), |at| at + 1);
            // A line's content must be under the cap: its break may be the cap's last byte.
            let take = line_end.min(MAX_LINE_BYTES - self.buffer.len());
            self.buffer.extend_from_slice(&available[..take]);
            self.reader.consume(take);
            if newline.is_some() && take == line_end {
                return Ok(Capped::Line);
            }
            if self.buffer.len() >= MAX_LINE_BYTES {
                return Ok(Capped::TooLong);
            }
        }
    }
}

/// How far [`Lines::read_capped`] got.
enum Capped {
    Line,
    TooLong,
    End,
}

/// A line without its `\n` or `\r\n`, so a file saved with either hashes the same.
fn trim_line_break(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes.strip_suffix(b"\r").unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &'static str) -> Vec<Line> {
        let mut lines = Source {
            origin: Origin::Stdin,
            reader: Box::new(text.as_bytes()),
        }
        .lines();
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().expect("reads") {
            out.push(line);
        }
        out
    }

    #[test]
    fn lines_are_numbered_from_one_and_blank_lines_are_skipped() {
        let lines = lines_of("{\"a\":1}\r\n\n  \n{\"a\":2}");
        let numbered: Vec<(u64, &str)> = lines
            .iter()
            .map(|line| match &line.body {
                Body::Text(text) => (line.number, text.as_str()),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(numbered, [(1, "{\"a\":1}"), (4, "{\"a\":2}")]);
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_skipped() {
        let lines = lines_of("\u{feff}{\"a\":1}\n\u{feff}{\"a\":2}");
        let texts: Vec<&str> = lines
            .iter()
            .map(|line| match &line.body {
                Body::Text(text) => text.as_str(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        // Only the first: one inside the file is the line's own business.
        assert_eq!(texts, ["{\"a\":1}", "\u{feff}{\"a\":2}"]);
    }

    #[test]
    fn a_line_hashes_the_same_with_either_line_break_and_differently_with_other_content() {
        let lines = lines_of("{\"a\":1}\r\n{\"a\":1}\n{\"a\":1}\n{\"a\":2}");
        let hashes: Vec<LineHash> = lines.iter().map(|line| line.hash).collect();
        assert_eq!(hashes[0], hashes[1]);
        assert_eq!(hashes[1], hashes[2]);
        assert_ne!(hashes[2], hashes[3]);
        let hex = hashes[3].to_hex();
        assert_eq!(hex.len(), 32);
        assert_eq!(LineHash::from_hex(&hex), Some(hashes[3]));
        assert_eq!(LineHash::from_hex("not hex"), None);
    }
}
