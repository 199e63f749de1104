//! Keeps secrets out of everything the tool prints.
//!
//! The values of the job's environment variables (webhook URLs, API keys) are
//! registered here as soon as they are known; every line written to stdout or
//! stderr, logs included, passes through [`Redactor::redact`] first. This is a
//! last line of defence: the code that handles secrets already avoids printing
//! them, but a value can reach a message in ways no one foresaw (an error from
//! a library, a `debug.log` of `$env`).

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::{Arc, RwLock};

/// Secrets shorter than this are not redacted by substring: replacing every
/// `a` or `12` in the output would make it unreadable and hide nothing.
const MIN_SECRET_LEN: usize = 4;
/// Only secrets at least this long show their last 4 characters, so a
/// short secret is never mostly revealed.
const MIN_LEN_TO_SHOW_TAIL: usize = 16;

/// The set of secrets to hide, shared by every writer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Redactor {
    secrets: Arc<RwLock<Vec<String>>>,
}

impl Redactor {
    /// Registers a secret; longer secrets are replaced first so a secret that
    /// contains another is hidden whole.
    pub(crate) fn add(&self, secret: &str) {
        let secret = secret.trim();
        if secret.chars().count() < MIN_SECRET_LEN {
            return;
        }
        let mut secrets = self
            .secrets
            .write()
            .unwrap_or_else(|poison| poison.into_inner());
        if !secrets.iter().any(|known| known == secret) {
            secrets.push(secret.to_owned());
            secrets.sort_by_key(|known| std::cmp::Reverse(known.len()));
        }
    }

    pub(crate) fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let secrets = self
            .secrets
            .read()
            .unwrap_or_else(|poison| poison.into_inner());
        let mut text = Cow::Borrowed(text);
        for secret in secrets.iter() {
            if text.contains(secret.as_str()) {
                text = Cow::Owned(text.replace(secret.as_str(), &mask(secret)));
            }
        }
        text
    }

    /// A writer for stderr that redacts each write.
    pub(crate) fn stderr(&self) -> RedactingWriter<io::Stderr> {
        RedactingWriter {
            redactor: self.clone(),
            inner: io::stderr(),
        }
    }

    /// A writer for stdout that redacts each write.
    pub(crate) fn stdout(&self) -> RedactingWriter<io::Stdout> {
        RedactingWriter {
            redactor: self.clone(),
            inner: io::stdout(),
        }
    }
}

/// Hides each of `secrets` (longest first, as [`Redactor`] keeps them) in `text`;
/// secrets too short to hide by substring are skipped.
pub(crate) fn redact_each<'a>(secrets: &[String], text: &'a str) -> Cow<'a, str> {
    let mut text = Cow::Borrowed(text);
    for secret in secrets {
        if secret.chars().count() >= MIN_SECRET_LEN && text.contains(secret.as_str()) {
            text = Cow::Owned(text.replace(secret.as_str(), &mask(secret)));
        }
    }
    text
}

/// `[redacted:…x7k2]`, or `[redacted]` for a secret too short to show any of it.
fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < MIN_LEN_TO_SHOW_TAIL {
        return "[redacted]".to_owned();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("[redacted:…{tail}]")
}

/// Redacts what it writes. Callers write whole lines or whole documents at a
/// time (tracing's fmt layer writes one event per call), so a secret is never
/// split across two writes.
pub(crate) struct RedactingWriter<W> {
    redactor: Redactor,
    inner: W,
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.inner
            .write_all(self.redactor.redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Redactor {
    type Writer = RedactingWriter<io::Stderr>;

    fn make_writer(&'a self) -> Self::Writer {
        self.stderr()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_every_occurrence_and_keeps_the_last_four_characters() {
        let redactor = Redactor::default();
        redactor.add("https://hook.eu1.make.com/abcdefghijklmnopqrstuvwxyz12x7k2");
        let out = redactor.redact(
            "posting to https://hook.eu1.make.com/abcdefghijklmnopqrstuvwxyz12x7k2 twice: https://hook.eu1.make.com/abcdefghijklmnopqrstuvwxyz12x7k2",
        );
        assert_eq!(out, "posting to [redacted:…x7k2] twice: [redacted:…x7k2]");
    }

    #[test]
    fn short_secrets_are_hidden_whole_and_tiny_ones_ignored() {
        let redactor = Redactor::default();
        redactor.add("hunter2");
        redactor.add("ab");
        assert_eq!(redactor.redact("pw=hunter2 ab"), "pw=[redacted] ab");
    }

    #[test]
    fn a_secret_containing_another_is_hidden_whole() {
        let redactor = Redactor::default();
        redactor.add("token-1234567890abcdef");
        redactor.add("https://example.com/token-1234567890abcdef");
        assert_eq!(
            redactor.redact("url https://example.com/token-1234567890abcdef"),
            "url [redacted:…cdef]"
        );
    }
}
