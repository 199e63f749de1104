//! A parse error caused by `//` written as an operator: `value = 7 // 2 }`
//! makes the rest of the line a comment, and the parser then reports a
//! missing `}` far away. When a line before the error has a value, `//` and
//! another value, the error names that `//` instead, keeping the parser's
//! own message in the hint.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// The error to show: about the first `a // b` before `error`, else `error` itself.
pub(super) fn explain_division(file: &Arc<SourceFile>, error: Diagnostic) -> Diagnostic {
    let text = file.text();
    // An unclosed bracket is reported where it opened, when the end of the
    // file was reached: the comment may then be anywhere after it.
    let end = if error.message.contains("end of file") {
        text.len()
    } else {
        (error.span.end as usize).min(text.len())
    };
    let mut line_start = 0;
    for line in text[..end].split_inclusive('\n') {
        if let Some((at, left, right)) = division_in(line) {
            let start = line_start + at;
            return Diagnostic::error(
                file,
                Span::new(start, start + 2),
                format!("`//` starts a comment, so `{}` is not code", line[at..].trim_end()),
            )
            .with_hint(format!(
                "XanoScript has no `//` operator: for integer division write `({left} / {right})|floor`; the parser then found: {}",
                error.message
            ));
        }
        line_start += line.len();
    }
    error
}

/// `(offset of //, left operand, right operand)` when the line holds a value,
/// `//`, then something that reads as a value (a digit, `$` or `(`).
fn division_in(line: &str) -> Option<(usize, &str, &str)> {
    let at = line.find("//")?;
    let before = line[..at].trim_end();
    let ends_value = before
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, ')' | ']' | '_'));
    // A `//` inside text (`"https://..."`) has a quote before it on the line.
    if !ends_value || before.contains(['"', '\'']) {
        return None;
    }
    let after = line[at + 2..].trim_start();
    if !after.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '$' | '(')) {
        return None;
    }
    let left = before
        .rsplit(|c: char| c.is_whitespace() || c == '=' || c == '{')
        .next()
        .unwrap_or(before);
    let right = after
        .split(|c: char| c.is_whitespace() || c == '}')
        .next()
        .unwrap_or(after);
    Some((at, left, right))
}
