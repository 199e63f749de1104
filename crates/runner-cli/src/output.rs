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

const ERROR: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();
const WARNING: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();
const HINT: anstyle::Style = anstyle::AnsiColor::Cyan.on_default().bold();
const OK: anstyle::Style = anstyle::AnsiColor::Green.on_default();

/// Colours what people look for first: `error:`, `warning:`, `hint:`, the
/// carets under a diagnostic, and a test's `ok` or `FAILED`. The streams
/// strip it again where colour does not belong.
pub(crate) fn paint(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for line in text.split_inclusive('\n') {
        out.push_str(&paint_line(line));
    }
    out
}

fn paint_line(line: &str) -> String {
    for (word, style) in [
        ("error:", ERROR),
        ("warning:", WARNING),
        ("hint:", HINT),
        ("FAILED", ERROR),
        ("ok ", OK),
    ] {
        if let Some(rest) = line.strip_prefix(word) {
            return format!("{style}{word}{style:#}{rest}");
        }
    }
    // `   |     ^^^^ here`: the carets of a diagnostic.
    if let Some((gutter, marks)) = line.rsplit_once(" | ")
        && gutter.trim().is_empty()
        && marks.trim_start().starts_with('^')
    {
        let indent = marks.len() - marks.trim_start().len();
        let (space, rest) = marks.split_at(indent);
        let carets = rest.len() - rest.trim_start_matches('^').len();
        let (carets, tail) = rest.split_at(carets);
        return format!("{gutter} | {space}{ERROR}{carets}{ERROR:#}{tail}");
    }
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_warnings_hints_and_carets_are_painted_and_nothing_else() {
        let painted = paint("error: bad\n  Caused by: x\nhint: try\n   |     ^^^ here\nplain\n");
        assert!(painted.starts_with(&format!("{ERROR}error:{ERROR:#} bad\n")));
        assert!(painted.contains(&format!("{HINT}hint:{HINT:#} try")));
        assert!(painted.contains(&format!("   |     {ERROR}^^^{ERROR:#} here")));
        assert!(painted.contains("\n  Caused by: x\n"), "untouched");
        assert!(painted.ends_with("\nplain\n"));
        assert_eq!(paint("no colour here"), "no colour here");
    }
}
