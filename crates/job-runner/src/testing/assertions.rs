//! What each `expect.*` assertion means, as plain functions of values, so
//! every rule is in one place and can be read without the runner around it.
//!
//! Equality is deep and typed: `1` equals `1.0` (a number is a number) but
//! not `"1"`, because a test that writes `value = 1` wants the number, while
//! decimals equal within float noise so `0.1 + 0.2` equals `0.3`, as the
//! reference's discount example expects.

use std::cmp::Ordering;

use crate::run::RunError;
use crate::value::{Object, Value, parse_number};

use super::AssertionKind;

/// Why an assertion did not hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mismatch {
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

impl Mismatch {
    fn new(message: impl Into<String>) -> Self {
        Mismatch {
            message: message.into(),
            expected: None,
            actual: None,
        }
    }

    fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    fn actual(mut self, actual: &Value) -> Self {
        self.actual = Some(show(actual));
        self
    }
}

/// A value as a test report shows it: JSON, so text is quoted.
pub(crate) fn show(value: &Value) -> String {
    value.to_json().to_string()
}

/// The subject of an assertion: its value, and whether the path to it exists
/// (`$response.missing` reads as null but is not defined).
pub(crate) struct Subject {
    pub value: Value,
    pub defined: bool,
}

/// What an assertion compares the subject with.
pub(crate) struct Expected<'a> {
    pub value: Option<&'a Value>,
    pub min: Option<&'a Value>,
    pub max: Option<&'a Value>,
    /// The host's clock, for the time assertions.
    pub now_ms: i64,
}

/// Checks a value assertion (every kind but `to_throw`).
pub(crate) fn check(
    kind: AssertionKind,
    subject: &Subject,
    expected: &Expected<'_>,
) -> Result<(), Mismatch> {
    let actual = &subject.value;
    let value = expected.value.unwrap_or(&Value::Null);
    let holds = |ok: bool, message: &str, wanted: String| {
        if ok {
            Ok(())
        } else {
            Err(Mismatch::new(message).expected(wanted).actual(actual))
        }
    };
    match kind {
        AssertionKind::ToEqual => holds(same(actual, value), "the values differ", show(value)),
        AssertionKind::ToNotEqual => holds(
            !same(actual, value),
            "the values are equal",
            format!("anything but {}", show(value)),
        ),
        AssertionKind::ToBeTrue => holds(
            *actual == Value::Bool(true),
            "the value is not true",
            "true".to_owned(),
        ),
        AssertionKind::ToBeFalse => holds(
            *actual == Value::Bool(false),
            "the value is not false",
            "false".to_owned(),
        ),
        AssertionKind::ToBeNull => {
            holds(actual.is_null(), "the value is not null", "null".to_owned())
        }
        AssertionKind::ToNotBeNull => holds(
            !actual.is_null(),
            "the value is null",
            "a value that is not null".to_owned(),
        ),
        AssertionKind::ToBeDefined => holds(
            subject.defined,
            "the value is not defined",
            "a defined value".to_owned(),
        ),
        AssertionKind::ToNotBeDefined => holds(
            !subject.defined,
            "the value is defined",
            "no value".to_owned(),
        ),
        AssertionKind::ToBeEmpty => holds(
            is_empty(actual),
            "the value is not empty",
            "null, \"\", [] or {}".to_owned(),
        ),
        AssertionKind::ToBeGreaterThan => {
            ordered(actual, value, "to_be_greater_than").and_then(|order| {
                holds(
                    order == Ordering::Greater,
                    "the value is not greater",
                    format!("more than {}", show(value)),
                )
            })
        }
        AssertionKind::ToBeLessThan => {
            ordered(actual, value, "to_be_less_than").and_then(|order| {
                holds(
                    order == Ordering::Less,
                    "the value is not less",
                    format!("less than {}", show(value)),
                )
            })
        }
        AssertionKind::ToBeWithin => within(actual, expected),
        AssertionKind::ToStartWith => {
            let (text, part) = texts(actual, value, "to_start_with")?;
            holds(
                text.starts_with(&part),
                "the text does not start with that",
                format!("text starting with {}", show(value)),
            )
        }
        AssertionKind::ToEndWith => {
            let (text, part) = texts(actual, value, "to_end_with")?;
            holds(
                text.ends_with(&part),
                "the text does not end with that",
                format!("text ending with {}", show(value)),
            )
        }
        AssertionKind::ToContain => contains(actual, value),
        AssertionKind::ToMatch => matches(actual, value),
        AssertionKind::ToBeInThePast | AssertionKind::ToBeInTheFuture => {
            let past = kind == AssertionKind::ToBeInThePast;
            let Some(at) = timestamp_ms(actual) else {
                return Err(Mismatch::new("the value is not a timestamp")
                    .expected("epoch milliseconds or a date such as \"2024-01-15T10:30:00Z\"")
                    .actual(actual));
            };
            let (ok, message, wanted) = if past {
                (
                    at <= expected.now_ms,
                    "the time is not in the past",
                    "a time before now",
                )
            } else {
                (
                    at > expected.now_ms,
                    "the time is not in the future",
                    "a time after now",
                )
            };
            holds(ok, message, wanted.to_owned())
        }
        AssertionKind::ToThrow => Ok(()),
    }
}

/// `expect.to_throw { value = X }`: X names the error by its message, its
/// type (`inputerror`, a `throw`'s name) or its code (`ERROR_CODE_INPUT_ERROR`).
pub(crate) fn check_error(error: &RunError, expected: Option<&Value>) -> Result<(), Mismatch> {
    let Some(expected) = expected else {
        return Ok(());
    };
    let wanted = expected.to_text();
    if error.message == wanted
        || error.kind.as_str().eq_ignore_ascii_case(&wanted)
        || error.kind.code() == wanted
    {
        return Ok(());
    }
    Err(Mismatch {
        message: "the function threw a different error".to_owned(),
        expected: Some(show(expected)),
        actual: Some(format!(
            "{} ({})",
            show(&Value::from(error.message.as_str())),
            error.kind
        )),
    })
}

/// Deep, typed equality with numbers compared by value.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Int(_) | Value::Decimal(_), Value::Int(_) | Value::Decimal(_)) => {
            let (x, y) = (as_f64(a), as_f64(b));
            x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && subset(y, x),
        _ => a == b,
    }
}

/// Every entry of `part` is in `whole` with a same value.
fn subset(part: &Object, whole: &Object) -> bool {
    part.iter()
        .all(|(key, value)| whole.get(key).is_some_and(|other| same(value, other)))
}

fn as_f64(value: &Value) -> f64 {
    match value {
        Value::Int(i) => *i as f64,
        Value::Decimal(d) => *d,
        _ => f64::NAN,
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Text(text) => text.is_empty(),
        Value::Bytes(bytes) => bytes.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(object) => object.is_empty(),
        Value::Bool(_) | Value::Int(_) | Value::Decimal(_) => false,
    }
}

/// A number, or numeric text, as the comparisons read it.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Int(_) | Value::Decimal(_) => Some(as_f64(value)),
        Value::Text(text) => parse_number(text).map(|n| n.as_f64()),
        _ => None,
    }
}

/// Orders two numbers, or two texts (dates in ISO form order as text).
fn ordered(actual: &Value, bound: &Value, name: &str) -> Result<Ordering, Mismatch> {
    if let (Value::Int(x), Value::Int(y)) = (actual, bound) {
        return Ok(x.cmp(y));
    }
    if let (Some(x), Some(y)) = (number(actual), number(bound)) {
        return x
            .partial_cmp(&y)
            .ok_or_else(|| Mismatch::new("the value is not a comparable number").actual(actual));
    }
    if let (Value::Text(x), Value::Text(y)) = (actual, bound) {
        return Ok(x.cmp(y));
    }
    let culprit = if number(actual).is_none() {
        actual
    } else {
        bound
    };
    Err(Mismatch::new(format!(
        "`{name}` compares numbers (or two texts), got {}",
        culprit.type_name()
    ))
    .expected(format!("a number to compare with {}", show(bound)))
    .actual(actual))
}

fn within(actual: &Value, expected: &Expected<'_>) -> Result<(), Mismatch> {
    let min = expected.min.unwrap_or(&Value::Null);
    let max = expected.max.unwrap_or(&Value::Null);
    let wanted = format!("between {} and {}", show(min), show(max));
    let above_min = ordered(actual, min, "to_be_within")? != Ordering::Less;
    let below_max = ordered(actual, max, "to_be_within")? != Ordering::Greater;
    if above_min && below_max {
        Ok(())
    } else {
        Err(Mismatch::new("the value is out of range")
            .expected(wanted)
            .actual(actual))
    }
}

/// The subject and the expected part as text; arrays, objects and null are refused.
fn texts(actual: &Value, part: &Value, name: &str) -> Result<(String, String), Mismatch> {
    let scalar = |value: &Value| match value {
        Value::Text(_) | Value::Int(_) | Value::Decimal(_) | Value::Bool(_) => {
            Some(value.to_text())
        }
        _ => None,
    };
    match (scalar(actual), scalar(part)) {
        (Some(text), Some(part)) => Ok((text, part)),
        (None, _) => Err(
            Mismatch::new(format!("`{name}` needs text, got {}", actual.type_name()))
                .actual(actual),
        ),
        (_, None) => Err(Mismatch::new(format!(
            "`{name}` needs text as `value`, got {}",
            part.type_name()
        ))
        .expected(show(part))
        .actual(actual)),
    }
}

/// An array holds an equal item, a text holds the substring, an object holds
/// every entry of an expected object.
fn contains(actual: &Value, value: &Value) -> Result<(), Mismatch> {
    let found = match (actual, value) {
        (Value::Array(items), _) => items.iter().any(|item| same(item, value)),
        (Value::Text(_), _) => {
            let (text, part) = texts(actual, value, "to_contain")?;
            text.contains(&part)
        }
        (Value::Object(whole), Value::Object(part)) => subset(part, whole),
        _ => {
            return Err(Mismatch::new(format!(
                "`to_contain` needs an array, text, or an object and an expected object, got {}",
                actual.type_name()
            ))
            .expected(format!("something containing {}", show(value)))
            .actual(actual));
        }
    };
    if found {
        Ok(())
    } else {
        Err(Mismatch::new("the value does not contain that")
            .expected(format!("something containing {}", show(value)))
            .actual(actual))
    }
}

fn matches(actual: &Value, pattern: &Value) -> Result<(), Mismatch> {
    let (text, pattern_text) = texts(actual, pattern, "to_match")?;
    let regex = regex::Regex::new(&pattern_text).map_err(|error| {
        Mismatch::new(format!(
            "the pattern is not a valid regular expression: {}",
            error
                .to_string()
                .lines()
                .last()
                .unwrap_or_default()
                .trim_start_matches("error: ")
        ))
        .expected(show(pattern))
    })?;
    if regex.is_match(&text) {
        Ok(())
    } else {
        Err(Mismatch::new("the text does not match the pattern")
            .expected(format!("text matching {}", show(pattern)))
            .actual(actual))
    }
}

/// Epoch milliseconds of a timestamp: a number (ms, as Xano stores them),
/// RFC 3339 text, or `YYYY-MM-DD[ HH:MM:SS]` read as UTC.
fn timestamp_ms(value: &Value) -> Option<i64> {
    match value {
        Value::Int(ms) => Some(*ms),
        Value::Decimal(ms) if ms.is_finite() => Some(*ms as i64),
        Value::Text(text) => {
            let text = text.trim();
            if let Some(number) = parse_number(text) {
                return Some(number.as_f64() as i64);
            }
            if let Ok(at) = text.parse::<jiff::Timestamp>() {
                return Some(at.as_millisecond());
            }
            if let Ok(civil) = text.parse::<jiff::civil::DateTime>() {
                return civil
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .ok()
                    .map(|at| at.timestamp().as_millisecond());
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_is_typed_but_numbers_compare_by_value() {
        assert!(same(&Value::Int(10), &Value::Decimal(10.0)));
        assert!(same(&Value::Decimal(0.1 + 0.2), &Value::Decimal(0.3)));
        assert!(!same(&Value::Int(1), &Value::from("1")));
        assert!(!same(&Value::Decimal(0.3), &Value::Decimal(0.31)));
    }

    #[test]
    fn timestamps_read_numbers_and_dates() {
        assert_eq!(timestamp_ms(&Value::Int(5)), Some(5));
        assert_eq!(
            timestamp_ms(&Value::from("1970-01-01T00:00:01Z")),
            Some(1000)
        );
        assert_eq!(
            timestamp_ms(&Value::from("1970-01-01 00:00:02")),
            Some(2000)
        );
        assert_eq!(timestamp_ms(&Value::from("soon")), None);
    }
}
