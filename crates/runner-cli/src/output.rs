//! Everything the CLI prints goes through here, so it is redacted.

use std::io::Write;

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

/// Prints a message for people on stderr.
pub(crate) fn eprint(redactor: &Redactor, text: &str) {
    let mut err = redactor.stderr();
    let _ = writeln!(err, "{text}");
}
