//! Keeps secrets out of everything the tool prints and writes.
//!
//! The values of the job's environment variables (webhook URLs, API keys)
//! and of its sensitive inputs, of any type, are registered here as soon as
//! they are known. What is printed as JSON is redacted as a value before it
//! is serialised ([`Redactor::redact_json`]); every line written to stdout or
//! stderr, logs included, then passes through the text scrubber too, which
//! knows a secret's escaped and encoded forms (see `secrets.rs` for both
//! and for what happens to very short secrets). This is defence in depth:
//! the code that handles secrets already avoids printing them, but a value
//! can reach a message in ways no one foresaw (an error from a library, a
//! `debug.log` of `$env`, a response that echoes the request).

mod forms;
mod secrets;

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::{Arc, RwLock};

use serde_json::Value as Json;

pub(crate) use self::secrets::{PLACEHOLDER, Secrets};

/// The set of secrets to hide, shared by every writer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Redactor {
    secrets: Arc<RwLock<Secrets>>,
}

impl Redactor {
    /// Registers a secret text.
    pub(crate) fn add(&self, secret: &str) {
        self.write().add_text(secret);
    }

    /// Registers a secret value of any type (a sensitive `json` or `int` input).
    pub(crate) fn add_value(&self, secret: &Json) {
        self.write().add_value(secret);
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Secrets> {
        self.secrets
            .write()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Secrets> {
        self.secrets
            .read()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// The secrets known so far, to combine with a batch record's own.
    pub(crate) fn snapshot(&self) -> Secrets {
        self.read().clone()
    }

    /// The text scrubber, for printed text.
    pub(crate) fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.read().redact_text(text)
    }

    /// Redacts a value about to be serialised.
    pub(crate) fn redact_json(&self, json: &mut Json) -> bool {
        self.read().redact_json(json)
    }

    /// `json` redacted as a value, serialised, then scrubbed inside its
    /// string literals: always valid JSON.
    pub(crate) fn json_text(&self, json: &Json, pretty: bool) -> String {
        json_text(&self.read(), json, pretty)
    }

    /// A writer for stderr that redacts each write, then colours `error:`,
    /// `warning:`, `hint:` and carets (stripped off a terminal or under `NO_COLOR`).
    pub(crate) fn stderr(&self) -> RedactingWriter<anstream::Stderr> {
        RedactingWriter {
            redactor: self.clone(),
            inner: anstream::stderr(),
            paint: true,
        }
    }

    /// A writer over `inner` that redacts each write, without colour.
    #[cfg(test)]
    pub(crate) fn writer<W: Write>(&self, inner: W) -> RedactingWriter<W> {
        RedactingWriter {
            redactor: self.clone(),
            inner,
            paint: false,
        }
    }

    /// A writer for stdout that redacts each write; colour only where the
    /// caller put it (and stripped off a terminal).
    pub(crate) fn stdout(&self) -> RedactingWriter<anstream::Stdout> {
        RedactingWriter {
            redactor: self.clone(),
            inner: anstream::stdout(),
            paint: false,
        }
    }
}

/// [`Redactor::json_text`] with a set of secrets of one's own (a batch record's).
pub(crate) fn json_text(secrets: &Secrets, json: &Json, pretty: bool) -> String {
    let mut redacted;
    let json = if secrets.is_empty() {
        json
    } else {
        redacted = json.clone();
        secrets.redact_json(&mut redacted);
        &redacted
    };
    let text = if pretty {
        serde_json::to_string_pretty(json)
    } else {
        serde_json::to_string(json)
    }
    // Serialising a `serde_json::Value` cannot fail: its keys are strings.
    .unwrap_or_else(|_| "null".to_owned());
    secrets.redact_json_text(&text).into_owned()
}

/// Redacts what it writes. Callers write whole lines or whole documents at a
/// time (tracing's fmt layer writes one event per call), so a secret is never
/// split across two writes.
pub(crate) struct RedactingWriter<W> {
    redactor: Redactor,
    inner: W,
    paint: bool,
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let text = self.redactor.redact(&text);
        let text = if self.paint {
            Cow::Owned(crate::output::paint(&text))
        } else {
            text
        };
        self.inner.write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Redactor {
    type Writer = RedactingWriter<anstream::Stderr>;

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
    fn short_secrets_are_hidden_whole_and_tiny_ones_ignored_in_text() {
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

    #[test]
    fn json_text_is_valid_json_whatever_the_secret() {
        let redactor = Redactor::default();
        for secret in ["true", "null", "1200", "\": \"", "{", "]"] {
            redactor.add(secret);
        }
        let response = serde_json::json!({"ok": true, "v": "true", "n": null, "count": 1200});
        let text = redactor.json_text(&response, true);
        let parsed: Json = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(parsed["ok"], true);
        assert_eq!(parsed["v"], PLACEHOLDER);
    }
}
