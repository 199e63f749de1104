//! Number bases, with PHP's names and Xano's text results: `"ff"|hexdec` is
//! `"255"`, `"255"|dechex` is `"ff"`, `"ff"|base_convert:16:10` is `"255"`.
//!
//! Decisions where the reference is silent: digits the base does not have
//! are an error (PHP skips them silently, which hides typos); negative
//! numbers keep their sign (`"-255"|dechex` is `"-ff"`), where PHP would
//! print the two's complement.

use super::{Filter, FilterContext, FilterError, eager, int_arg, invalid, text_input};
use crate::value::Value;

pub(super) const FILTERS: &[Filter] = &[
    eager("dechex", 0, 0, dechex),
    eager("hexdec", 0, 0, hexdec),
    eager("decbin", 0, 0, decbin),
    eager("bindec", 0, 0, bindec),
    eager("decoct", 0, 0, decoct),
    eager("octdec", 0, 0, octdec),
    eager("base_convert", 2, 2, base_convert),
];

type Result = std::result::Result<Value, FilterError>;

/// Reads `text` written in `base` (2 to 36), ignoring case and a sign.
fn parse_in(filter: &str, text: &str, base: u32) -> std::result::Result<i128, FilterError> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() {
        return invalid(format!("`{filter}` needs digits, got an empty text"));
    }
    let magnitude = i128::from_str_radix(digits, base).map_err(|_| {
        FilterError::Invalid(format!(
            "`{filter}`: `{text}` is not a number in base {base}"
        ))
    })?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// Writes `n` in `base` (2 to 36), lower-case digits.
fn format_in(n: i128, base: u32) -> String {
    if n == 0 {
        return "0".to_owned();
    }
    let mut digits = Vec::new();
    let mut rest = n.unsigned_abs();
    while rest > 0 {
        let digit = (rest % u128::from(base)) as u32;
        digits.push(std::char::from_digit(digit, base).unwrap_or('?'));
        rest /= u128::from(base);
    }
    if n < 0 {
        digits.push('-');
    }
    digits.iter().rev().collect()
}

fn convert(filter: &str, value: &Value, from: u32, to: u32) -> Result {
    let text = match value {
        Value::Int(_) | Value::Decimal(_) if from == 10 => {
            int_arg(filter, std::slice::from_ref(value), 0, None)?.to_string()
        }
        other => text_input(filter, other)?,
    };
    Ok(Value::Text(format_in(parse_in(filter, &text, from)?, to)))
}

fn dechex(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    convert("dechex", value, 10, 16)
}

fn hexdec(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    convert("hexdec", value, 16, 10)
}

fn decbin(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    convert("decbin", value, 10, 2)
}

fn bindec(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    convert("bindec", value, 2, 10)
}

fn decoct(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    convert("decoct", value, 10, 8)
}

fn octdec(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    convert("octdec", value, 8, 10)
}

/// `"ff"|base_convert:16:10` → `"255"`; bases 2 to 36.
fn base_convert(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let base = |i: usize| -> std::result::Result<u32, FilterError> {
        let base = int_arg("base_convert", args, i, None)?;
        u32::try_from(base)
            .ok()
            .filter(|base| (2..=36).contains(base))
            .ok_or_else(|| {
                FilterError::Invalid(format!(
                    "`base_convert`: base {base} is not between 2 and 36"
                ))
            })
    };
    convert("base_convert", value, base(0)?, base(1)?)
}
