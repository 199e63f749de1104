//! The forms a secret takes in printed text: as it is or with its runs of
//! whitespace collapsed to one space (as a quoted answer of Make is), each
//! escaped inside a JSON string (once, or twice when JSON is carried inside
//! JSON, as a request body in a report is), and percent-encoded in a URL.
//! And where the string literals of a JSON document are, so a scrubber can
//! work inside them without ever breaking the document.

use std::fmt::Write;

/// The secret as it is, and with its whitespace collapsed.
fn bases(secret: &str) -> Vec<String> {
    let collapsed = secret.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed == secret || collapsed.is_empty() {
        vec![secret.to_owned()]
    } else {
        vec![secret.to_owned(), collapsed]
    }
}

/// Every distinct form of `secret`, longest first.
pub(crate) fn of(secret: &str) -> Vec<String> {
    let mut forms = in_json(secret);
    forms.extend(bases(secret));
    longest_first(forms)
}

/// The forms that can stand inside a JSON string literal: the escaped ones
/// (a raw form with a `"` or a `\` could match half of an escape sequence).
pub(crate) fn in_json(secret: &str) -> Vec<String> {
    let mut forms = Vec::new();
    for base in bases(secret) {
        let escaped = json_escaped(&base);
        forms.push(json_escaped(&escaped));
        forms.push(escaped);
        forms.push(percent_encoded(&base));
    }
    longest_first(forms)
}

fn longest_first(mut forms: Vec<String>) -> Vec<String> {
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms
}

/// Where a text cut short with `…` ends in the start of `form`: the byte
/// range of that start, when it is at least `min_chars` long. A message
/// that quotes the first hundred characters of an answer can cut a secret
/// in two, and the whole form is then nowhere to be found.
pub(crate) fn cut_prefixes(text: &str, form: &str, min_chars: usize) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (cut, _) in text.match_indices('…') {
        let before = &text[..cut];
        let longest = form
            .char_indices()
            .map(|(at, c)| at + c.len_utf8())
            .filter(|end| *end < form.len())
            .filter(|end| form[..*end].chars().count() >= min_chars)
            .filter(|end| before.ends_with(&form[..*end]))
            .max();
        if let Some(length) = longest {
            found.push((cut - length, cut));
        }
    }
    found
}

/// `text` as it appears between the quotes of a JSON string.
fn json_escaped(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or_default()
        .to_owned()
}

/// RFC 3986 percent-encoding: everything but letters, digits and `-._~`.
fn percent_encoded(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// The byte ranges of the contents of the string literals in a JSON text
/// (between the quotes), object keys included. Text that is not JSON gives
/// whatever ranges its quotes delimit, which is still safe to scrub inside.
pub(crate) fn string_literals(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = None;
    let mut escaped = false;
    for (at, byte) in text.bytes().enumerate() {
        match (start, byte) {
            (None, b'"') => start = Some(at + 1),
            (Some(_), _) if escaped => escaped = false,
            (Some(_), b'\\') => escaped = true,
            (Some(from), b'"') => {
                ranges.push((from, at));
                start = None;
            }
            _ => {}
        }
    }
    ranges
}

/// Whether the match at `at` in a literal's escaped text starts an escape
/// sequence of its own rather than the middle of one (after an odd run of `\`).
pub(crate) fn starts_cleanly(literal: &str, at: usize) -> bool {
    let backslashes = literal.as_bytes()[..at]
        .iter()
        .rev()
        .take_while(|byte| **byte == b'\\')
        .count();
    backslashes % 2 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_has_its_escaped_and_encoded_forms() {
        let forms = of("S3cr\"et\tVal");
        assert!(forms.contains(&"S3cr\"et\tVal".to_owned()));
        assert!(forms.contains(&r#"S3cr\"et\tVal"#.to_owned()));
        assert!(forms.contains(&r#"S3cr\\\"et\\tVal"#.to_owned()));
        assert!(forms.contains(&"S3cr%22et%09Val".to_owned()));
        assert_eq!(of("plain").len(), 1);
        assert!(of("a  b\nc").contains(&"a b c".to_owned()));
    }

    #[test]
    fn a_secret_cut_by_an_ellipsis_is_found_by_its_start() {
        let text = "Make answered `{\"pem\": \"MIIEvQIBADAN…` and more…";
        let ranges = cut_prefixes(text, "MIIEvQIBADANBgkqhkiG9w0B", 4);
        assert_eq!(ranges.len(), 1);
        let (from, to) = ranges[0];
        assert_eq!(&text[from..to], "MIIEvQIBADAN");
        assert!(cut_prefixes("abc…", "abcdef", 4).is_empty());
    }

    #[test]
    fn string_literals_skip_escaped_quotes() {
        let text = r#"{"a": "x\"y", "b": 1}"#;
        let found: Vec<&str> = string_literals(text)
            .into_iter()
            .map(|(from, to)| &text[from..to])
            .collect();
        assert_eq!(found, ["a", r#"x\"y"#, "b"]);
        assert!(starts_cleanly(r"ab\\cd", 4));
        assert!(!starts_cleanly(r"ab\cd", 3));
    }
}
