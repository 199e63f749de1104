//! Everything the CLI prints goes through here, so it is redacted; `-q`
//! silences what is not an error or a warning.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::redact::Redactor;

/// Prints data for scripts on stdout.
pub(crate) fn print(redactor: &Redactor, text: &str) {
    let mut out = redactor.stdout();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}

/// Prints a JSON document for scripts on stdout: redacted as a value, then
/// scrubbed inside its strings, so it is valid JSON whatever the secrets are.
pub(crate) fn print_json(redactor: &Redactor, json: &serde_json::Value) {
    let text = redactor.json_text(json, true);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}

/// `-q`: errors and warnings only on stderr.
static QUIET: AtomicBool = AtomicBool::new(false);

pub(crate) fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

pub(crate) fn is_quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Prints a note for people on stderr (a summary, the sandbox's dump),
/// unless `-q` asked for errors only.
pub(crate) fn info(redactor: &Redactor, text: &str) {
    if !is_quiet() {
        eprint(redactor, text);
    }
}

/// `1 request`, `2 requests`.
pub(crate) fn count(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Prints a message for people on stderr.
pub(crate) fn eprint(redactor: &Redactor, text: &str) {
    let mut err = redactor.stderr();
    let _ = writeln!(err, "{text}");
}
