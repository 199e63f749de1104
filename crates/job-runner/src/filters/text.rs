//! Text filters. Lengths and positions count characters, not bytes.

use super::{Filter, FilterContext, FilterError, eager, int_arg, invalid, text_arg, text_input};
use crate::value::Value;

pub(super) const FILTERS: &[Filter] = &[
    eager("trim", 0, 1, trim),
    eager("ltrim", 0, 1, ltrim),
    eager("rtrim", 0, 1, rtrim),
    eager("to_lower", 0, 0, to_lower),
    eager("to_upper", 0, 0, to_upper),
    eager("capitalize", 0, 0, capitalize),
    eager("strlen", 0, 0, strlen),
    eager("substr", 1, 2, substr),
    eager("split", 0, 1, split),
    eager("replace", 2, 2, replace),
    eager("contains", 1, 1, contains),
    eager("icontains", 1, 1, icontains),
    eager("starts_with", 1, 1, starts_with),
    eager("istarts_with", 1, 1, istarts_with),
    eager("ends_with", 1, 1, ends_with),
    eager("iends_with", 1, 1, iends_with),
    eager("index", 1, 1, index),
    eager("iindex", 1, 1, iindex),
    eager("concat", 1, 2, concat),
    eager("sprintf", 0, 16, super::sprintf::sprintf),
    eager("regex_matches", 1, 1, regex_matches),
    eager("regex_get_first_match", 1, 1, regex_get_first_match),
    eager("regex_get_all_matches", 1, 1, regex_get_all_matches),
    eager("regex_replace", 2, 2, regex_replace),
    eager("regex_quote", 0, 1, regex_quote),
    eager("escape", 0, 0, escape),
    eager("addslashes", 0, 0, addslashes),
    eager("number_format", 0, 3, number_format),
];

type Result = std::result::Result<Value, FilterError>;

fn trim_with(name: &str, value: &Value, args: &[Value], side: Side) -> Result {
    let text = text_input(name, value)?;
    let chars: Vec<char> = match args.first() {
        Some(Value::Null) | None => vec![' ', '\t', '\n', '\r', '\0', '\x0B'],
        Some(_) => text_arg(name, args, 0)?.chars().collect(),
    };
    let is_trimmed = |c: char| chars.contains(&c);
    let out = match side {
        Side::Both => text.trim_matches(is_trimmed),
        Side::Start => text.trim_start_matches(is_trimmed),
        Side::End => text.trim_end_matches(is_trimmed),
    };
    Ok(Value::Text(out.to_owned()))
}

enum Side {
    Both,
    Start,
    End,
}

fn trim(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    trim_with("trim", value, args, Side::Both)
}

fn ltrim(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    trim_with("ltrim", value, args, Side::Start)
}

fn rtrim(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    trim_with("rtrim", value, args, Side::End)
}

fn to_lower(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Text(text_input("to_lower", value)?.to_lowercase()))
}

fn to_upper(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Text(text_input("to_upper", value)?.to_uppercase()))
}

/// Upper-cases the first letter of each word, as the reference's example shows.
fn capitalize(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("capitalize", value)?;
    let mut out = String::with_capacity(text.len());
    let mut at_word_start = true;
    for c in text.chars() {
        if at_word_start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_word_start = c.is_whitespace();
    }
    Ok(Value::Text(out))
}

/// Characters of text; bytes of binary text (PHP's `strlen` counts bytes).
fn strlen(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    if let Value::Bytes(bytes) = value {
        return Ok(Value::Int(bytes.len() as i64));
    }
    Ok(Value::Int(
        text_input("strlen", value)?.chars().count() as i64
    ))
}

/// `substr:start:length`: negative start counts from the end, negative
/// length stops that many characters before the end (as PHP's `substr`).
fn substr(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let chars: Vec<char> = text_input("substr", value)?.chars().collect();
    let len = chars.len() as i64;
    let start = int_arg("substr", args, 0, Some(0))?;
    let start = if start < 0 {
        (len + start).max(0)
    } else {
        start.min(len)
    };
    let end = match args.get(1) {
        None | Some(Value::Null) => len,
        Some(_) => {
            let length = int_arg("substr", args, 1, None)?;
            if length < 0 {
                len + length
            } else {
                start.saturating_add(length).min(len)
            }
        }
    };
    let out: String = if end > start {
        chars[start as usize..end as usize].iter().collect()
    } else {
        String::new()
    };
    Ok(Value::Text(out))
}

fn split(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let text = text_input("split", value)?;
    let separator = match args.first() {
        None | Some(Value::Null) => String::new(),
        Some(_) => text_arg("split", args, 0)?,
    };
    let parts = if separator.is_empty() {
        text.chars().count()
    } else {
        text.matches(separator.as_str()).count() + 1
    };
    super::ensure_parts_room("split", text.len(), parts, context)?;
    let parts: Vec<Value> = if separator.is_empty() {
        text.chars().map(|c| Value::Text(c.to_string())).collect()
    } else if text.is_empty() {
        Vec::new()
    } else {
        text.split(separator.as_str()).map(Value::from).collect()
    };
    Ok(Value::array(parts))
}

fn replace(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let text = text_input("replace", value)?;
    let search = text_arg("replace", args, 0)?;
    if search.is_empty() {
        return Ok(Value::Text(text));
    }
    let replacement = text_arg("replace", args, 1)?;
    // Each match grows by the replacement's length: a one-character search
    // replaced by a long text multiplies the text.
    if replacement.len() > search.len() {
        let matches = text.matches(search.as_str()).count() as u64;
        let growth = matches.saturating_mul((replacement.len() - search.len()) as u64);
        super::ensure_room(
            "replace",
            (text.len() as u64).saturating_add(growth),
            context,
        )?;
    }
    Ok(Value::Text(text.replace(&search, &replacement)))
}

/// On text: substring test; on an array: membership by loose equality.
fn contains(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    if let Value::Array(items) = value {
        let needle = super::arg(args, 0);
        let mut budget = context.compare_budget();
        return Ok(Value::Bool(crate::value::any_loose_eq(
            items.iter(),
            needle,
            &mut budget,
        )?));
    }
    let text = text_input("contains", value)?;
    Ok(Value::Bool(text.contains(&text_arg("contains", args, 0)?)))
}

fn icontains(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("icontains", value)?.to_lowercase();
    Ok(Value::Bool(
        text.contains(&text_arg("icontains", args, 0)?.to_lowercase()),
    ))
}

fn starts_with(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("starts_with", value)?;
    Ok(Value::Bool(text.starts_with(&text_arg(
        "starts_with",
        args,
        0,
    )?)))
}

fn istarts_with(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("istarts_with", value)?.to_lowercase();
    Ok(Value::Bool(text.starts_with(
        &text_arg("istarts_with", args, 0)?.to_lowercase(),
    )))
}

fn ends_with(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("ends_with", value)?;
    Ok(Value::Bool(text.ends_with(&text_arg(
        "ends_with",
        args,
        0,
    )?)))
}

fn iends_with(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("iends_with", value)?.to_lowercase();
    Ok(Value::Bool(text.ends_with(
        &text_arg("iends_with", args, 0)?.to_lowercase(),
    )))
}

/// The character position of the first occurrence, or `false` when absent (as PHP's `strpos`).
fn position(haystack: &str, needle: &str) -> Value {
    match haystack.find(needle) {
        Some(byte) => Value::Int(haystack[..byte].chars().count() as i64),
        None => Value::Bool(false),
    }
}

fn index(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    if let Value::Array(items) = value {
        let needle = super::arg(args, 0);
        let mut budget = context.compare_budget();
        for (i, item) in items.iter().enumerate() {
            if item.loose_eq_within(needle, &mut budget)? {
                return Ok(Value::Int(i as i64));
            }
        }
        return Ok(Value::Bool(false));
    }
    let text = text_input("index", value)?;
    Ok(position(&text, &text_arg("index", args, 0)?))
}

fn iindex(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("iindex", value)?.to_lowercase();
    Ok(position(
        &text,
        &text_arg("iindex", args, 0)?.to_lowercase(),
    ))
}

/// `"a"|concat:"b":"-"` → `"a-b"`.
fn concat(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let mut text = text_input("concat", value)?;
    if let Some(Value::Null) | None = args.get(1) {
    } else {
        text.push_str(&text_arg("concat", args, 1)?);
    }
    text.push_str(&text_arg("concat", args, 0)?);
    Ok(Value::Text(text))
}

/// The longest pattern compiled: parsing takes a hundred times a
/// pattern's length, so a pattern made from a large text would take more
/// memory than the job has. PCRE's compiled patterns stop at 64 KiB too.
const MAX_PATTERN_BYTES: usize = 64 * 1024;

/// Turns `/pattern/flags` (PHP's PCRE form) into a Rust regex; a bare pattern is taken as is.
pub(super) fn compile_regex(
    filter: &str,
    pattern: &str,
) -> std::result::Result<regex::Regex, FilterError> {
    if pattern.len() > MAX_PATTERN_BYTES {
        return invalid(format!(
            "`{filter}`: the pattern is {} bytes long; patterns are limited to {MAX_PATTERN_BYTES} bytes (is the subject given as the pattern? the pattern comes first: `\"/x/\"|{filter}:...`)",
            pattern.len()
        ));
    }
    let (body, flags) = match pattern.chars().next() {
        Some(delimiter)
            if !delimiter.is_alphanumeric() && !delimiter.is_whitespace() && delimiter != '\\' =>
        {
            let closing = match delimiter {
                '(' => ')',
                '{' => '}',
                '[' => ']',
                '<' => '>',
                other => other,
            };
            match pattern[delimiter.len_utf8()..].rfind(closing) {
                Some(end) => {
                    let start = delimiter.len_utf8();
                    (
                        &pattern[start..start + end],
                        &pattern[start + end + closing.len_utf8()..],
                    )
                }
                None => (pattern, ""),
            }
        }
        _ => (pattern, ""),
    };
    let mut builder = regex::RegexBuilder::new(body);
    for flag in flags.chars() {
        match flag {
            'i' => builder.case_insensitive(true),
            'm' => builder.multi_line(true),
            's' => builder.dot_matches_new_line(true),
            'x' => builder.ignore_whitespace(true),
            'u' => &mut builder,
            other => return invalid(format!("`{filter}`: unknown regex flag `{other}`")),
        };
    }
    builder.size_limit(1 << 20).build().map_err(|error| {
        // The regex crate draws the pattern over several lines; its last line says why.
        let text = error.to_string();
        let why = text
            .lines()
            .last()
            .unwrap_or_default()
            .trim_start_matches("error: ");
        FilterError::Invalid(format!("`{filter}`: invalid regex `{body}`: {why}"))
    })
}

fn regex_matches(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let regex = compile_regex("regex_matches", &text_input("regex_matches", value)?)?;
    Ok(Value::Bool(regex.is_match(&text_arg(
        "regex_matches",
        args,
        0,
    )?)))
}

/// The first match: its groups as an array (whole match first), or null.
fn regex_get_first_match(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let regex = compile_regex(
        "regex_get_first_match",
        &text_input("regex_get_first_match", value)?,
    )?;
    let subject = text_arg("regex_get_first_match", args, 0)?;
    Ok(regex.captures(&subject).map_or(Value::Null, |captures| {
        Value::array(
            captures
                .iter()
                .map(|group| group.map_or(Value::Null, |m| Value::from(m.as_str())))
                .collect(),
        )
    }))
}

/// Every match, grouped as PHP's `preg_match_all` does: the whole matches
/// first, then one array per capture group (`[["a1","b2"],["1","2"]]`).
///
/// A pattern that matches the empty text matches between every two
/// characters: a value per byte, each many times a byte's size, so the
/// matches are counted against the memory left as they are collected.
fn regex_get_all_matches(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let regex = compile_regex(
        "regex_get_all_matches",
        &text_input("regex_get_all_matches", value)?,
    )?;
    let subject = text_arg("regex_get_all_matches", args, 0)?;
    let budget = super::Budget::new("regex_get_all_matches", context);
    let slot = std::mem::size_of::<Value>() as u64;
    let mut built: u64 = 0;
    let mut groups: Vec<Vec<Value>> = vec![Vec::new(); regex.captures_len()];
    for captures in regex.captures_iter(&subject) {
        for (group, found) in groups.iter_mut().zip(captures.iter()) {
            let text = found.map_or("", |m| m.as_str());
            built += slot + text.len() as u64;
            group.push(Value::from(text));
        }
        budget.check(built)?;
    }
    Ok(Value::array(groups.into_iter().map(Value::array).collect()))
}

/// `"/\s+/"|regex_replace:"-":"a  b"` → `"a-b"`; `$1` refers to groups.
///
/// Built match by match (as `replace_all` would) so that its size is
/// checked as it grows: an empty match or `$0` in a long replacement can
/// make the result far larger than the subject.
fn regex_replace(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let regex = compile_regex("regex_replace", &text_input("regex_replace", value)?)?;
    let replacement = text_arg("regex_replace", args, 0)?;
    let subject = text_arg("regex_replace", args, 1)?;
    let budget = super::Budget::new("regex_replace", context);
    let mut out = String::with_capacity(subject.len());
    let mut copied = 0;
    for captures in regex.captures_iter(&subject) {
        let Some(found) = captures.get(0) else {
            continue;
        };
        out.push_str(&subject[copied..found.start()]);
        captures.expand(&replacement, &mut out);
        copied = found.end();
        budget.check((out.capacity() + subject.len() - copied) as u64)?;
    }
    out.push_str(&subject[copied..]);
    Ok(Value::Text(out))
}

/// PHP's `preg_quote`: a backslash before each regex character (and before
/// the delimiter given as argument, such as `"/"`).
fn regex_quote(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let text = text_input("regex_quote", value)?;
    let delimiter = match args.first() {
        None | Some(Value::Null) => String::new(),
        Some(_) => text_arg("regex_quote", args, 0)?,
    };
    // Up to five bytes for one (`\0` becomes `\000`): checked as it grows.
    let budget = super::Budget::new("regex_quote", context);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        budget.check(out.capacity() as u64)?;
        if ".\\+*?[^]$(){}=!<>|:-#".contains(c) || delimiter.contains(c) {
            out.push('\\');
        }
        if c == '\0' {
            out.push_str("\\000");
        } else {
            out.push(c);
        }
    }
    Ok(Value::Text(out))
}

/// Special characters as their escaped forms, as the filter reference says
/// (`"a\nb"` → `a\nb` with a backslash): line breaks, tabs, quotes and
/// backslashes. (`syntax/string-filters.md` calls it an HTML escape; both
/// filter references disagree, and they win.)
///
/// A control character becomes six bytes (`\u0000`), so the result is
/// checked against the memory left as it grows.
fn escape(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    let text = text_input("escape", value)?;
    let budget = super::Budget::new("escape", context);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        budget.check(out.capacity() as u64)?;
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            other => out.push(other),
        }
    }
    Ok(Value::Text(out))
}

fn addslashes(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    let text = text_input("addslashes", value)?;
    let budget = super::Budget::new("addslashes", context);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        budget.check(out.capacity() as u64)?;
        match c {
            '\'' | '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    Ok(Value::Text(out))
}

/// `number_format:decimals:point:thousands` (defaults `0`, `.`, `,`).
fn number_format(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let Some(number) = value.to_number() else {
        return invalid(format!(
            "`number_format` needs a number, got {}",
            value.type_name()
        ));
    };
    let decimals = int_arg("number_format", args, 0, Some(0))?.clamp(0, 20) as usize;
    let point = match args.get(1) {
        None | Some(Value::Null) => ".".to_owned(),
        Some(_) => text_arg("number_format", args, 1)?,
    };
    let thousands = match args.get(2) {
        None | Some(Value::Null) => ",".to_owned(),
        Some(_) => text_arg("number_format", args, 2)?,
    };
    let formatted = format!("{:.*}", decimals, number.as_f64().abs());
    let (whole, fraction) = formatted.split_once('.').unwrap_or((&formatted, ""));
    // The thousands separator goes between every three of up to 309
    // digits: a long one is repeated a hundred times.
    let separators = (whole.len() / 3) as u64;
    super::ensure_room(
        "number_format",
        separators
            .saturating_mul(thousands.len() as u64)
            .saturating_add((formatted.len() + point.len()) as u64),
        context,
    )?;
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push_str(&thousands);
        }
        grouped.push(digit);
    }
    let mut out = String::new();
    if number.as_f64() < 0.0 && formatted.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    out.push_str(&grouped);
    if !fraction.is_empty() {
        out.push_str(&point);
        out.push_str(fraction);
    }
    Ok(Value::Text(out))
}
