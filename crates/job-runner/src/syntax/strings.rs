//! String literals: `"..."`, `'...'` and `"""` multi-line text.
//!
//! Escapes: `\n \t \r \b \f \\ \" \' \/ \uXXXX` (with surrogate pairs). An
//! unknown escape such as `\d` is kept as written, backslash included, because
//! authors put regular expressions in plain strings (`"^\d+$"`) and Xano keeps
//! them.
//!
//! A `"""` string keeps its line breaks, minus the layout around them: a line
//! break right after the opening `"""` is dropped, a last line holding only
//! spaces before the closing `"""` is dropped with its line break, and the
//! indentation common to all non-blank lines is removed. So
//!
//! ```text
//! value = """
//!     Hello,
//!       world
//!     """
//! ```
//!
//! is `"Hello,\n  world"`. Escapes work inside `"""` as in other strings.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// Lexes the string starting at `start` (a quote) and returns its value and
/// the offset just after its closing quote.
pub(crate) fn lex_string(
    file: &Arc<SourceFile>,
    bytes: &[u8],
    start: usize,
    end: usize,
) -> Result<(String, usize), Box<Diagnostic>> {
    let quote = bytes[start];
    if quote == b'"' && bytes.get(start + 1..start + 3) == Some(b"\"\"") && start + 3 <= end {
        return lex_triple(file, bytes, start, end);
    }
    let unterminated = || {
        let what = if quote == b'"' { "\"" } else { "'" };
        Diagnostic::error(file, Span::new(start, start + 1), "unterminated string").with_hint(
            format!("close the text with `{what}` before the end of the file"),
        )
    };
    let mut at = start + 1;
    let close = loop {
        match bytes[..end].get(at) {
            None => return Err(unterminated().into()),
            Some(b'\\') => at += 2,
            Some(&b) if b == quote => break at,
            Some(_) => at += 1,
        }
    };
    let raw = file.text().get(start + 1..close).unwrap_or("");
    let mut value = String::with_capacity(raw.len());
    unescape(file, raw, start + 1, &mut value)?;
    Ok((value, close + 1))
}

fn lex_triple(
    file: &Arc<SourceFile>,
    bytes: &[u8],
    start: usize,
    end: usize,
) -> Result<(String, usize), Box<Diagnostic>> {
    let mut at = start + 3;
    let close = loop {
        match bytes[..end].get(at) {
            None => {
                return Err(Diagnostic::error(
                    file,
                    Span::new(start, start + 3),
                    "unterminated multi-line string",
                )
                .with_hint("close it with `\"\"\"`")
                .into());
            }
            Some(b'\\') => at += 2,
            Some(b'"') if bytes[..end].get(at + 1..at + 3) == Some(b"\"\"") => break at,
            Some(_) => at += 1,
        }
    };
    let raw = file.text().get(start + 3..close).unwrap_or("");
    let dedented = dedent(raw);
    let mut value = String::with_capacity(dedented.len());
    // Offsets inside dedented text no longer match the file: errors point at
    // the opening quotes instead.
    unescape(file, &dedented, start, &mut value).map_err(|mut d| {
        d.span = Span::new(start, start + 3);
        d
    })?;
    Ok((value, close + 3))
}

/// Removes the layout of a `"""` string (see the module docs).
fn dedent(raw: &str) -> String {
    let raw = raw
        .strip_prefix("\r\n")
        .or_else(|| raw.strip_prefix('\n'))
        .unwrap_or(raw);
    let mut lines: Vec<&str> = raw.split('\n').collect();
    if lines.len() > 1
        && lines
            .last()
            .is_some_and(|l| l.trim_matches([' ', '\t']).is_empty())
    {
        lines.pop();
    }
    let is_blank = |line: &str| line.trim_matches([' ', '\t', '\r']).is_empty();
    let indent = lines
        .iter()
        .filter(|line| !is_blank(line))
        .map(|line| line.len() - line.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(raw.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !is_blank(line) {
            // The indentation is made of ASCII spaces and tabs, so `indent`
            // is a character boundary.
            out.push_str(line.get(indent..).unwrap_or(line));
        }
    }
    out
}

/// Appends `raw` to `out` with its escapes resolved; `base` is the file offset
/// of `raw`, for error spans.
fn unescape(
    file: &Arc<SourceFile>,
    raw: &str,
    base: usize,
    out: &mut String,
) -> Result<(), Box<Diagnostic>> {
    let bytes = raw.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'\\' {
            at += 1;
            continue;
        }
        out.push_str(raw.get(copied..at).unwrap_or(""));
        let escaped = bytes.get(at + 1).copied();
        let simple = match escaped {
            Some(b'n') => Some('\n'),
            Some(b't') => Some('\t'),
            Some(b'r') => Some('\r'),
            Some(b'b') => Some('\u{8}'),
            Some(b'f') => Some('\u{c}'),
            Some(b'\\') => Some('\\'),
            Some(b'"') => Some('"'),
            Some(b'\'') => Some('\''),
            Some(b'/') => Some('/'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            at += 2;
        } else if escaped == Some(b'u') {
            let (ch, len) = unicode_escape(bytes, at).ok_or_else(|| {
                let end = (at + 6).min(bytes.len());
                let end = (at + 2..=end)
                    .rev()
                    .find(|&e| raw.is_char_boundary(e))
                    .unwrap_or(at + 2);
                Diagnostic::error(
                    file,
                    Span::new(base + at, base + end),
                    "invalid unicode escape",
                )
                .with_hint("write `\\u` followed by four hex digits, such as `\\u00e9`")
            })?;
            out.push(ch);
            at += len;
        } else {
            // Unknown escape: keep the backslash; the next character is
            // copied with the text that follows.
            out.push('\\');
            at += 1;
        }
        copied = at;
    }
    out.push_str(raw.get(copied..).unwrap_or(""));
    Ok(())
}

/// `\uXXXX` at `at`, or a surrogate pair `\uD83D\uDE00`: the character and
/// the number of bytes read.
fn unicode_escape(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let first = hex4(bytes.get(at + 2..at + 6)?)?;
    if (0xD800..0xDC00).contains(&first) {
        if bytes.get(at + 6..at + 8) != Some(b"\\u") {
            return None;
        }
        let second = hex4(bytes.get(at + 8..at + 12)?)?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        return Some((char::from_u32(code)?, 12));
    }
    Some((char::from_u32(first)?, 6))
}

fn hex4(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, &b| {
        let digit = (b as char).to_digit(16)?;
        Some(acc * 16 + digit)
    })
}
