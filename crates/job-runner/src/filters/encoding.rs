//! Character encodings and accents: `list_encodings`, `detect_encoding`,
//! `to_utf8`, `from_utf8`, `convert_encoding`, `unaccent`, `strip_html`.
//!
//! Decisions where the reference is silent: text in this runner is always
//! UTF-8, so the encodings are UTF-8, ISO-8859-1 and ASCII. `to_utf8` reads
//! the text's bytes as ISO-8859-1 (as PHP's `utf8_encode` does: `"é"`
//! becomes `"Ã©"`); `from_utf8` turns each character into its ISO-8859-1
//! byte, and since a lone byte above 127 is not UTF-8 text, it shows as
//! `"�"` (the reference's own example prints it so); characters outside
//! ISO-8859-1 become `?`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{Filter, FilterContext, FilterError, arg, eager, invalid, text_arg, text_input};
use crate::value::Value;

pub(super) const FILTERS: &[Filter] = &[
    eager("list_encodings", 0, 0, list_encodings),
    eager("detect_encoding", 0, 1, detect_encoding),
    eager("to_utf8", 0, 0, to_utf8),
    eager("from_utf8", 0, 0, from_utf8),
    eager("convert_encoding", 2, 2, convert_encoding),
    eager("unaccent", 0, 0, unaccent),
    eager("strip_html", 0, 1, strip_html),
];

type Result = std::result::Result<Value, FilterError>;

const ENCODINGS: &[&str] = &["UTF-8", "ISO-8859-1", "ASCII"];

fn list_encodings(_: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::array(
        ENCODINGS.iter().map(|&e| Value::from(e)).collect(),
    ))
}

/// The canonical name of an encoding written in any case, with or without dashes.
fn encoding(filter: &str, name: &str) -> std::result::Result<&'static str, FilterError> {
    let wanted: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    match wanted.as_str() {
        "UTF8" => Ok("UTF-8"),
        "ISO88591" | "LATIN1" => Ok("ISO-8859-1"),
        "ASCII" | "USASCII" => Ok("ASCII"),
        _ => invalid(format!(
            "`{filter}`: encoding `{name}` is not supported; runner-cli knows UTF-8, ISO-8859-1 and ASCII"
        )),
    }
}

/// `ASCII` for plain ASCII text, else `UTF-8`; with a comma-separated list,
/// the first listed encoding that can hold the text.
fn detect_encoding(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("detect_encoding", value)?;
    let holds = |encoding: &str| match encoding {
        "ASCII" => text.is_ascii(),
        "ISO-8859-1" => text.chars().all(|c| u32::from(c) <= 0xFF),
        _ => true,
    };
    if arg(args, 0).is_null() {
        return Ok(Value::from(if text.is_ascii() { "ASCII" } else { "UTF-8" }));
    }
    let listed = text_arg("detect_encoding", args, 0)?;
    for name in listed.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let canonical = encoding("detect_encoding", name)?;
        if holds(canonical) {
            return Ok(Value::from(canonical));
        }
    }
    Ok(Value::Bool(false))
}

/// Each byte of the text read as an ISO-8859-1 character.
fn latin1_to_utf8(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

/// Each character as its ISO-8859-1 byte, shown as UTF-8 text would show it.
fn utf8_to_latin1(text: &str) -> String {
    text.chars()
        .map(|c| match u32::from(c) {
            0..=0x7F => c,
            0x80..=0xFF => '\u{FFFD}',
            _ => '?',
        })
        .collect()
}

fn to_utf8(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Text(latin1_to_utf8(&text_input("to_utf8", value)?)))
}

fn from_utf8(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Text(utf8_to_latin1(&text_input(
        "from_utf8",
        value,
    )?)))
}

/// `convert_encoding:to:from`.
fn convert_encoding(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("convert_encoding", value)?;
    let to = encoding("convert_encoding", &text_arg("convert_encoding", args, 0)?)?;
    let from = encoding("convert_encoding", &text_arg("convert_encoding", args, 1)?)?;
    Ok(Value::Text(match (from, to) {
        ("ISO-8859-1", "UTF-8") => latin1_to_utf8(&text),
        ("UTF-8", "ISO-8859-1") => utf8_to_latin1(&text),
        (_, "ASCII") => text
            .chars()
            .map(|c| if c.is_ascii() { c } else { '?' })
            .collect(),
        _ => text,
    }))
}

/// `"études"|unaccent` → `"etudes"`: letters without their accents.
fn unaccent(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("unaccent", value)?;
    Ok(Value::Text(
        text.nfd()
            .filter(|&c| !is_combining_mark(c))
            .nfc()
            .collect(),
    ))
}

/// Removes HTML tags (and comments); tags listed in the argument (`"<b><i>"`) stay.
fn strip_html(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("strip_html", value)?;
    let allowed: Vec<String> = match arg(args, 0) {
        Value::Null => Vec::new(),
        _ => text_arg("strip_html", args, 0)?
            .split(['<', '>', ',', ' '])
            .filter(|tag| !tag.is_empty())
            .map(str::to_ascii_lowercase)
            .collect(),
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let starts_tag =
            after.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        let close = if after.starts_with("!--") {
            after.find("-->").map(|end| end + 3)
        } else {
            after.find('>').map(|end| end + 1)
        };
        match (starts_tag, close) {
            (true, Some(close)) => {
                let tag = &rest[open..open + 1 + close];
                let name: String = tag
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if allowed.contains(&name) {
                    out.push_str(tag);
                }
                rest = &after[close..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(Value::Text(out))
}
