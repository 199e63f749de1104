//! A line too long to hold in memory, kept whole in an anonymous temporary
//! file until its dead letter is written: the reader streams the line into
//! it, the dead-letter file streams it out again in base64, and the file
//! disappears when the line is dropped. Memory stays at one copy buffer
//! whatever the line's length.
//!
//! A dead letter of such a line is itself too long to read as a record, so
//! the reader recognises its layout (`{"dead_letter":{..},"original":null,
//! "original_base64":"..."}`, the one [`super::dead_letter`] writes) and
//! spools the decoded line instead: feeding a dead-letter file back keeps
//! every line whole, however many times it fails.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::source::LineHash;
use crate::redact::Secrets;

/// How much of the spool is read at once when it is scanned or copied.
const CHUNK: usize = 1024 * 1024;
/// Chunks are scanned for secrets overlapping by this much, so a secret
/// that straddles two chunks is still seen: far more than any env value.
const OVERLAP: usize = 64 * 1024;

/// What starts the dead letter of a spooled line, up to its `line`.
pub(crate) const DEAD_LETTER_START: &[u8] = b"{\"dead_letter\":";
/// What stands between its meta and the base64 of the line.
pub(crate) const BASE64_START: &[u8] = b",\"original\":null,\"original_base64\":\"";
/// What ends it.
pub(crate) const BASE64_END: &[u8] = b"\"}";

/// A whole line on disk.
#[derive(Debug)]
pub(crate) struct Spool {
    file: File,
    bytes: u64,
}

impl Spool {
    /// The line's length, its line break left out.
    pub(crate) fn len(&self) -> u64 {
        self.bytes
    }

    /// Whether the line holds one of `secrets` in any printed form; such a
    /// line is not kept (base64 would hide nothing from whoever decodes it).
    pub(crate) fn holds_a_secret(&self, secrets: &Secrets) -> io::Result<bool> {
        if secrets.is_empty() {
            return Ok(false);
        }
        let mut reader = self.reader()?;
        let mut window: Vec<u8> = Vec::with_capacity(CHUNK + OVERLAP);
        let mut chunk = vec![0_u8; CHUNK];
        loop {
            let read = read_up_to(&mut reader, &mut chunk)?;
            window.extend_from_slice(&chunk[..read]);
            let text = String::from_utf8_lossy(&window);
            if matches!(secrets.redact_text(&text), std::borrow::Cow::Owned(_)) {
                return Ok(true);
            }
            if read < chunk.len() {
                return Ok(false);
            }
            let keep_from = window.len().saturating_sub(OVERLAP);
            window.drain(..keep_from);
        }
    }

    /// Writes the line in standard base64, one chunk at a time.
    pub(crate) fn write_base64(&self, out: &mut impl Write) -> io::Result<()> {
        let mut reader = self.reader()?;
        // A multiple of 3 bytes, so chunks encode without padding in between.
        let mut chunk = vec![0_u8; CHUNK / 3 * 3];
        loop {
            let read = read_up_to(&mut reader, &mut chunk)?;
            if read == 0 {
                return Ok(());
            }
            let encoded = base64::engine::general_purpose::STANDARD.encode(&chunk[..read]);
            out.write_all(encoded.as_bytes())?;
        }
    }

    fn reader(&self) -> io::Result<io::Take<&File>> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(0))?;
        Ok(file.take(self.bytes))
    }
}

/// Fills `buffer` as far as the reader goes; fewer bytes only at its end.
fn read_up_to(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// A too-long line, read to its end: its spool, its hash and, for the
/// dead letter of one, the line it first came from.
#[derive(Debug)]
pub(crate) struct Spooled {
    pub(crate) spool: Spool,
    pub(crate) hash: LineHash,
    pub(crate) original_line: Option<u64>,
}

/// Streams a line whose first `start` bytes are already read (no line
/// break among them) and whose rest `reader` holds, up to and without its
/// line break, into a spool.
pub(crate) fn spool_line(start: &[u8], reader: &mut impl BufRead) -> io::Result<Spooled> {
    let mut file = tempfile::tempfile()?;
    let mut hasher = Sha256::new();
    let mut written = 0_u64;
    let mut keep = |part: &[u8], file: &mut File| -> io::Result<()> {
        file.write_all(part)?;
        hasher.update(part);
        written += part.len() as u64;
        Ok(())
    };
    // A `\r` at the end of a part is held back until the next byte shows
    // whether it ends the line (`\r\n`, or `\r` at the end of the input),
    // as the reader's own line-break trimming does.
    let mut held_cr = start.ends_with(b"\r");
    keep(start.strip_suffix(b"\r").unwrap_or(start), &mut file)?;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            break;
        }
        let newline = available.iter().position(|byte| *byte == b'\n');
        let part = &available[..newline.unwrap_or(available.len())];
        if held_cr && !part.is_empty() {
            keep(b"\r", &mut file)?;
        }
        held_cr = part.ends_with(b"\r");
        keep(part.strip_suffix(b"\r").unwrap_or(part), &mut file)?;
        let used = newline.map_or(available.len(), |at| at + 1);
        reader.consume(used);
        if newline.is_some() {
            break;
        }
    }
    let digest = hasher.finalize();
    let mut hash = [0_u8; 16];
    hash.copy_from_slice(&digest[..16]);
    let raw = Spool {
        file,
        bytes: written,
    };
    match decode_dead_letter(start, &raw)? {
        Some((line, decoded)) => Ok(Spooled {
            spool: decoded,
            hash: LineHash(hash),
            original_line: Some(line),
        }),
        None => Ok(Spooled {
            spool: raw,
            hash: LineHash(hash),
            original_line: None,
        }),
    }
}

/// The line a spooled dead letter keeps, decoded into a spool of its own,
/// with the line it first came from; `None` when `raw` is no such dead letter.
fn decode_dead_letter(start: &[u8], raw: &Spool) -> io::Result<Option<(u64, Spool)>> {
    let Some(meta_and_rest) = start.strip_prefix(DEAD_LETTER_START) else {
        return Ok(None);
    };
    let Some(meta_end) = find(meta_and_rest, BASE64_START) else {
        return Ok(None);
    };
    let Ok(meta) = serde_json::from_slice::<serde_json::Value>(&meta_and_rest[..meta_end]) else {
        return Ok(None);
    };
    let Some(line) = meta.get("line").and_then(serde_json::Value::as_u64) else {
        return Ok(None);
    };
    let encoded_from = (DEAD_LETTER_START.len() + meta_end + BASE64_START.len()) as u64;
    let Some(encoded_len) = raw
        .bytes
        .checked_sub(encoded_from + BASE64_END.len() as u64)
    else {
        return Ok(None);
    };
    let mut tail = [0_u8; 2];
    let mut file = &raw.file;
    file.seek(SeekFrom::Start(raw.bytes - 2))?;
    file.read_exact(&mut tail)?;
    if tail != BASE64_END {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(encoded_from))?;
    let mut encoded = BufReader::with_capacity(CHUNK, file.take(encoded_len));
    let mut decoded = tempfile::tempfile()?;
    let mut bytes = 0_u64;
    // Groups of 4 characters decode alone: read a multiple of 4 at a time.
    let mut group = vec![0_u8; CHUNK / 4 * 4];
    loop {
        let read = read_up_to(&mut encoded, &mut group)?;
        if read == 0 {
            break;
        }
        let Ok(part) = base64::engine::general_purpose::STANDARD.decode(&group[..read]) else {
            // Not our base64 after all: the line is kept as it came.
            return Ok(None);
        };
        decoded.write_all(&part)?;
        bytes += part.len() as u64;
    }
    Ok(Some((
        line,
        Spool {
            file: decoded,
            bytes,
        },
    )))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spooled(start: &[u8], rest: &[u8]) -> Spooled {
        spool_line(start, &mut io::BufReader::with_capacity(7, rest)).expect("spools")
    }

    fn contents(spool: &Spool) -> Vec<u8> {
        let mut out = Vec::new();
        spool.reader().unwrap().read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn a_line_is_spooled_whole_without_its_line_break_and_hashed_as_the_reader_hashes() {
        let line = spooled(b"{\"a\":", b"\"long\r\"}\r\n{\"next\":1}\n");
        assert_eq!(contents(&line.spool), b"{\"a\":\"long\r\"}");
        assert_eq!(line.hash, LineHash::of(b"{\"a\":\"long\r\"}"));
        assert_eq!(line.original_line, None);
    }

    #[test]
    fn the_dead_letter_of_a_spooled_line_gives_the_line_back() {
        let original = b"{\"payload\":\"xyz\"}";
        let mut dead_letter = Vec::new();
        dead_letter.extend_from_slice(DEAD_LETTER_START);
        dead_letter.extend_from_slice(b"{\"line\":7,\"state\":\"invalid\"}");
        dead_letter.extend_from_slice(BASE64_START);
        let written = spooled(original, b"");
        written.spool.write_base64(&mut dead_letter).unwrap();
        dead_letter.extend_from_slice(BASE64_END);
        let (start, rest) = dead_letter.split_at(dead_letter.len() - 3);
        let back = spooled(start, rest);
        assert_eq!(contents(&back.spool), original);
        assert_eq!(back.original_line, Some(7));
    }

    #[test]
    fn a_secret_straddling_two_chunks_is_found() {
        let mut secrets = Secrets::default();
        secrets.add_text("hunter2-secret-value");
        let mut line = vec![b'a'; CHUNK - 5];
        line.extend_from_slice(b"hunter2-secret-value");
        line.extend(vec![b'b'; 100]);
        let spooled = spooled(&line, b"");
        assert!(spooled.spool.holds_a_secret(&secrets).unwrap());
        let clean = super::spool_line(&vec![b'c'; CHUNK * 2], &mut &b""[..]).unwrap();
        assert!(!clean.spool.holds_a_secret(&secrets).unwrap());
    }
}
