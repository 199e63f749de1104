//! Turning a provided value into the declared type, with the coercions users
//! expect from Xano (`"5"` for an int, `"true"` for a bool, ISO text for a
//! timestamp), and a clear message when that is not possible.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::job::model::{InputSpec, InputType};
use crate::suggest;
use crate::value::Value;

/// Why a value does not fit its declared type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mismatch {
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl Mismatch {
    fn new(message: impl Into<String>) -> Self {
        Mismatch {
            message: message.into(),
            hint: None,
        }
    }

    fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// How a value appears in a message: short JSON in backticks, or only its
/// type when the input is sensitive, so secrets never reach a terminal.
pub(crate) fn shown(value: &Value, sensitive: bool) -> String {
    if sensitive {
        let name = value.type_name();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return format!("{article} {name} value (hidden: the input is sensitive)");
    }
    const LIMIT: usize = 60;
    let json = value.to_json().to_string();
    if json.chars().count() > LIMIT {
        let cut: String = json.chars().take(LIMIT).collect();
        format!("`{cut}…`")
    } else {
        format!("`{json}`")
    }
}

/// `a`/`an` with the type's name, for "expected an int".
fn article(ty: InputType) -> &'static str {
    match ty {
        InputType::Int | InputType::Email | InputType::Enum | InputType::Object => "an",
        _ => "a",
    }
}

fn expected(ty: InputType, value: &Value, sensitive: bool) -> Mismatch {
    Mismatch::new(format!(
        "expected {} {}, got {}",
        article(ty),
        ty.name(),
        shown(value, sensitive)
    ))
}

/// Coerces one non-null value to the scalar type of `spec` (for arrays: the
/// element type). Objects are only checked to be objects here: their schema is
/// walked by the caller, which knows the paths.
pub(crate) fn coerce(spec: &InputSpec, value: &Value, sensitive: bool) -> Result<Value, Mismatch> {
    let ty = spec.ty;
    match ty {
        InputType::Text | InputType::Password => to_text(value)
            .map(Value::Text)
            .ok_or_else(|| expected(ty, value, sensitive)),
        InputType::Int => to_int(value, sensitive),
        InputType::Decimal => to_decimal(value, sensitive),
        InputType::Bool => to_bool(value)
            .map(Value::Bool)
            .ok_or_else(|| expected(ty, value, sensitive).with_hint("use true, false, 1 or 0")),
        InputType::Json => Ok(value.clone()),
        InputType::Email => to_email(value, sensitive),
        InputType::Timestamp => to_timestamp(value, sensitive),
        InputType::Date => to_date(value, sensitive),
        InputType::Uuid => to_uuid(value, sensitive),
        InputType::Enum => to_enum(spec, value, sensitive),
        // Each item of an `object[]` without a schema may be an array, as Xano's
        // validator takes an array of arrays there as it does for `json[]`.
        InputType::Object
            if spec.is_array && spec.schema.is_empty() && matches!(value, Value::Array(_)) =>
        {
            Ok(value.clone())
        }
        InputType::Object => to_object(value, sensitive),
    }
}

/// Text as Xano reads it: numbers and booleans become their text, since a
/// caller passing `5` for a text input means `"5"`; arrays and objects do not.
fn to_text(value: &Value) -> Option<String> {
    match value {
        Value::Text(text) => Some(text.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Decimal(d) if d.is_finite() => Some(d.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn whole_number(d: f64) -> Option<i64> {
    // i64::MAX is not exactly representable; `<` keeps the cast in range.
    (d.is_finite() && d.fract() == 0.0 && d >= i64::MIN as f64 && d < i64::MAX as f64)
        .then_some(d as i64)
}

fn to_int(value: &Value, sensitive: bool) -> Result<Value, Mismatch> {
    let int = match value {
        Value::Int(i) => Some(*i),
        Value::Decimal(d) => whole_number(*d),
        Value::Text(text) => {
            let text = text.trim();
            text.parse::<i64>()
                .ok()
                .or_else(|| text.parse::<f64>().ok().and_then(whole_number))
        }
        _ => None,
    };
    int.map(Value::Int).ok_or_else(|| {
        let mismatch = expected(InputType::Int, value, sensitive);
        match value {
            Value::Decimal(_) | Value::Text(_) => {
                mismatch.with_hint("pass a whole number such as 5")
            }
            _ => mismatch,
        }
    })
}

fn to_decimal(value: &Value, sensitive: bool) -> Result<Value, Mismatch> {
    let decimal = match value {
        Value::Int(i) => Some(*i as f64),
        Value::Decimal(d) => Some(*d),
        Value::Text(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    };
    decimal
        .filter(|d| d.is_finite())
        .map(Value::Decimal)
        .ok_or_else(|| expected(InputType::Decimal, value, sensitive))
}

fn to_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Int(0) => Some(false),
        Value::Int(1) => Some(true),
        Value::Text(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A deliberately simple check: one `@`, a local part, and a dotted domain of
/// letters, digits and hyphens. It catches typos without rejecting real
/// addresses the way a full RFC 5322 parser's edge cases would confuse users.
pub(crate) fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[],;:\"\\".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(char::is_alphabetic) && tld.len() >= 2);
    local_ok && domain_ok
}

fn to_email(value: &Value, sensitive: bool) -> Result<Value, Mismatch> {
    let Value::Text(text) = value else {
        return Err(expected(InputType::Email, value, sensitive));
    };
    let trimmed = text.trim();
    if is_email(trimmed) {
        Ok(Value::Text(trimmed.to_owned()))
    } else {
        Err(Mismatch::new(format!(
            "expected an email address, got {}",
            shown(value, sensitive)
        ))
        .with_hint("write it like name@example.com"))
    }
}

/// Epoch milliseconds from the forms people write: an epoch-ms number, RFC
/// 3339 text, a date-time without offset (read as UTC), a bare date
/// (midnight UTC), or `now`.
pub(crate) fn parse_timestamp_text(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("now") {
        return Some(Timestamp::now().as_millisecond());
    }
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Some(timestamp.as_millisecond());
    }
    if let Ok(datetime) = text.parse::<DateTime>() {
        return datetime
            .to_zoned(TimeZone::UTC)
            .ok()
            .map(|zoned| zoned.timestamp().as_millisecond());
    }
    text.parse::<Date>()
        .ok()
        .and_then(|date| date.to_zoned(TimeZone::UTC).ok())
        .map(|zoned| zoned.timestamp().as_millisecond())
}

fn to_timestamp(value: &Value, sensitive: bool) -> Result<Value, Mismatch> {
    let ms = match value {
        Value::Int(ms) => Some(*ms),
        Value::Decimal(d) => whole_number(*d),
        Value::Text(text) => parse_timestamp_text(text),
        _ => None,
    };
    // Keep to what a timestamp can represent, so later formatting never fails.
    ms.filter(|&ms| Timestamp::from_millisecond(ms).is_ok())
        .map(Value::Int)
        .ok_or_else(|| {
            expected(InputType::Timestamp, value, sensitive).with_hint(
                "pass epoch milliseconds, RFC 3339 text such as 2024-05-01T12:00:00Z, or now",
            )
        })
}

fn to_date(value: &Value, sensitive: bool) -> Result<Value, Mismatch> {
    let date = match value {
        Value::Text(text) if text.trim().eq_ignore_ascii_case("now") => {
            Some(Timestamp::now().to_zoned(TimeZone::UTC).date())
        }
        Value::Text(text) => text.trim().parse::<Date>().ok(),
        Value::Int(ms) => Timestamp::from_millisecond(*ms)
            .ok()
            .map(|timestamp| timestamp.to_zoned(TimeZone::UTC).date()),
        _ => None,
    };
    date.map(|date| Value::Text(date.to_string()))
        .ok_or_else(|| {
            expected(InputType::Date, value, sensitive).with_hint("write it as YYYY-MM-DD")
        })
}

fn to_uuid(value: &Value, sensitive: bool) -> Result<Value, Mismatch> {
    let Value::Text(text) = value else {
        return Err(expected(InputType::Uuid, value, sensitive));
    };
    let trimmed = text.trim();
    match uuid::Uuid::try_parse(trimmed) {
        Ok(_) => Ok(Value::Text(trimmed.to_owned())),
        Err(_) => Err(expected(InputType::Uuid, value, sensitive)
            .with_hint("write it like 123e4567-e89b-12d3-a456-426614174000")),
    }
}

fn to_enum(spec: &InputSpec, value: &Value, sensitive: bool) -> Result<Value, Mismatch> {
    let allowed = suggest::quoted_list(&spec.enum_values);
    let Some(text) = to_text(value) else {
        return Err(Mismatch::new(format!(
            "expected one of {allowed}, got {}",
            shown(value, sensitive)
        )));
    };
    if spec.enum_values.contains(&text) {
        return Ok(Value::Text(text));
    }
    let mismatch = Mismatch::new(format!(
        "expected one of {allowed}, got {}",
        shown(value, sensitive)
    ));
    let close = (!sensitive)
        .then(|| suggest::did_you_mean(&text, spec.enum_values.iter().map(String::as_str)))
        .flatten();
    Err(match close {
        Some(hint) => mismatch.with_hint(hint),
        None => mismatch,
    })
}

/// An object, or text holding a JSON object (what a form or a shell gives).
fn to_object(value: &Value, sensitive: bool) -> Result<Value, Mismatch> {
    match value {
        Value::Object(_) => Ok(value.clone()),
        Value::Text(text) if text.trim_start().starts_with('{') => {
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(json @ serde_json::Value::Object(_)) => Ok(Value::from_json(&json)),
                _ => Err(expected(InputType::Object, value, sensitive)
                    .with_hint("the text is not valid JSON")),
            }
        }
        _ => Err(expected(InputType::Object, value, sensitive)
            .with_hint("pass a JSON object such as {\"key\": \"value\"}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_check_accepts_real_addresses_and_rejects_typos() {
        for good in ["a@b.co", "first.last+tag@sub.example.org", "ü@exämple.de"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "", "a", "a@", "@b.co", "a@b", "a b@c.de", "a@b..co", "a@-b.co", "a@@b.co", "a@b.c0",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn timestamps_read_every_common_form() {
        assert_eq!(
            parse_timestamp_text("1700000000000"),
            Some(1_700_000_000_000)
        );
        assert_eq!(
            parse_timestamp_text("2024-01-02T03:04:05Z"),
            Some(1_704_164_645_000)
        );
        assert_eq!(
            parse_timestamp_text("2024-01-02T05:04:05+02:00"),
            Some(1_704_164_645_000)
        );
        assert_eq!(
            parse_timestamp_text("2024-01-02 03:04:05"),
            Some(1_704_164_645_000)
        );
        assert_eq!(parse_timestamp_text("2024-01-02"), Some(1_704_153_600_000));
        assert!(parse_timestamp_text("now").is_some());
        assert_eq!(parse_timestamp_text("yesterday"), None);
    }
}
