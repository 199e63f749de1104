//! A JSON value checked against its field and turned into the cell that is
//! stored: types, enum values, formats, required fields and defaults, and
//! passwords hashed. Errors name the table and field; a sensitive field's
//! value is never quoted in them.

use serde_json::Value;

use super::sql::{Cell, Kind};
use crate::error::DbError;
use crate::model::{DefaultValue, Field, FieldType, Table};

/// How a field is stored.
pub(crate) fn kind_of(field: &Field) -> Kind {
    if field.is_array {
        return Kind::Json;
    }
    match field.ty {
        FieldType::Int | FieldType::Timestamp => Kind::Int,
        FieldType::Decimal => Kind::Real,
        FieldType::Bool => Kind::Bool,
        FieldType::Json | FieldType::File => Kind::Json,
        FieldType::Text
        | FieldType::Email
        | FieldType::Password
        | FieldType::Date
        | FieldType::Uuid
        | FieldType::Enum => Kind::Text,
    }
}

/// The cell for `value` written to `field` of `table`.
pub(crate) fn encode(table: &Table, field: &Field, value: &Value) -> Result<Cell, DbError> {
    if value.is_null() {
        if field.nullable || field.optional {
            return Ok(Cell::Null(kind_of(field)));
        }
        return Err(DbError::Required {
            table: table.name.clone(),
            field: field.name.clone(),
        });
    }
    if field.is_array {
        let Value::Array(items) = value else {
            return Err(wrong(table, field, "an array", value));
        };
        let mut stored = Vec::with_capacity(items.len());
        for item in items {
            stored.push(element(table, field, item)?);
        }
        return Ok(Cell::Json(Value::Array(stored)));
    }
    let one = element(table, field, value)?;
    Ok(match (kind_of(field), one) {
        (_, Value::Null) => Cell::Null(kind_of(field)),
        (Kind::Int, Value::Number(n)) => Cell::Int(n.as_i64().unwrap_or_default()),
        (Kind::Real, Value::Number(n)) => Cell::Real(n.as_f64().unwrap_or_default()),
        (Kind::Bool, Value::Bool(b)) => Cell::Bool(b),
        (Kind::Text, Value::String(text)) => Cell::Text(text),
        (_, other) => Cell::Json(other),
    })
}

/// One value of the field's type, normalised (a uuid lowercased, a
/// timestamp text read as epoch milliseconds); passwords come out hashed.
fn element(table: &Table, field: &Field, value: &Value) -> Result<Value, DbError> {
    let invalid = |reason: String| DbError::Invalid {
        table: table.name.clone(),
        field: field.name.clone(),
        reason,
    };
    match field.ty {
        FieldType::Int => match value {
            Value::Number(n) if n.is_i64() => Ok(value.clone()),
            Value::Number(n) => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Value::from(f as i64)),
                _ => Err(wrong(table, field, "an int", value)),
            },
            _ => Err(wrong(table, field, "an int", value)),
        },
        FieldType::Decimal => match value {
            Value::Number(_) => Ok(value.clone()),
            _ => Err(wrong(table, field, "a decimal", value)),
        },
        FieldType::Bool => match value {
            Value::Bool(_) => Ok(value.clone()),
            _ => Err(wrong(table, field, "a bool", value)),
        },
        FieldType::Timestamp => match value {
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(ms), _) => Ok(Value::from(ms)),
                (None, Some(f)) if f.is_finite() => Ok(Value::from(f as i64)),
                _ => Err(wrong(table, field, "a timestamp", value)),
            },
            Value::String(text) => parse_timestamp(text)
                .map(Value::from)
                .ok_or_else(|| invalid(format!("is a timestamp: `{}` is not a date and time (write epoch milliseconds or e.g. `2025-01-31T09:00:00Z`)", shown(field, text)))),
            _ => Err(wrong(table, field, "a timestamp", value)),
        },
        FieldType::Date => match value {
            Value::String(text) => text
                .parse::<jiff::civil::Date>()
                .map(|date| Value::String(date.to_string()))
                .map_err(|_| invalid(format!("is a date: `{}` is not `YYYY-MM-DD`", shown(field, text)))),
            _ => Err(wrong(table, field, "a date (`YYYY-MM-DD`)", value)),
        },
        FieldType::Uuid => match value {
            Value::String(text) => uuid::Uuid::parse_str(text)
                .map(|id| Value::String(id.hyphenated().to_string()))
                .map_err(|_| invalid(format!("is a uuid: `{}` is not one", shown(field, text)))),
            _ => Err(wrong(table, field, "a uuid", value)),
        },
        FieldType::Email => match value {
            Value::String(text) if looks_like_email(text) => Ok(value.clone()),
            Value::String(text) => Err(invalid(format!(
                "is an email: `{}` is not an email address",
                shown(field, text)
            ))),
            _ => Err(wrong(table, field, "an email", value)),
        },
        FieldType::Enum => match value {
            Value::String(text) if field.values.iter().any(|allowed| allowed == text) => {
                Ok(value.clone())
            }
            Value::String(text) => Err(invalid(format!(
                "is one of {}, not `{}`",
                field
                    .values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                shown(field, text)
            ))),
            _ => Err(wrong(table, field, "an enum text", value)),
        },
        FieldType::Password => match value {
            Value::String(text) if !text.is_empty() => super::password::hash(text)
                .map(Value::String)
                .map_err(|reason| invalid(format!("could not be hashed: {reason}"))),
            _ => Err(wrong(table, field, "a non-empty password text", value)),
        },
        FieldType::Text => match value {
            Value::String(_) => Ok(value.clone()),
            _ => Err(wrong(table, field, "text", value)),
        },
        FieldType::Json | FieldType::File => Ok(value.clone()),
    }
}

/// The value a write that leaves `field` out stores, when it has one.
pub(crate) fn default_of(field: &Field, now_ms: i64) -> Option<Value> {
    match &field.default {
        Some(DefaultValue::Now) => Some(match field.ty {
            FieldType::Date => Value::String(
                jiff::Timestamp::from_millisecond(now_ms)
                    .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
                    .unwrap_or_default(),
            ),
            _ => Value::from(now_ms),
        }),
        Some(DefaultValue::Value(value)) => Some(value.clone()),
        None => None,
    }
}

/// Epoch milliseconds from RFC 3339 text, or a civil date and time read as UTC.
fn parse_timestamp(text: &str) -> Option<i64> {
    if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
        return Some(timestamp.as_millisecond());
    }
    let civil = text.parse::<jiff::civil::DateTime>().ok().or_else(|| {
        text.parse::<jiff::civil::Date>()
            .ok()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    })?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|zoned| zoned.timestamp().as_millisecond())
}

fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// What a message may quote of a value: nothing of a sensitive field.
fn shown<'t>(field: &Field, text: &'t str) -> &'t str {
    if field.sensitive || field.ty == FieldType::Password {
        "(sensitive)"
    } else {
        text
    }
}

/// A value's type (and the value itself, short, when the field is not sensitive).
pub(crate) fn describe(field: &Field, value: &Value) -> String {
    let ty = match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int",
        Value::Number(_) => "decimal",
        Value::String(_) => "text",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    if field.sensitive || field.ty == FieldType::Password || matches!(value, Value::Null) {
        return ty.to_owned();
    }
    let mut text = value.to_string();
    if text.chars().count() > 40 {
        text = text.chars().take(40).collect::<String>() + "...";
    }
    format!("{ty} {text}")
}

fn wrong(table: &Table, field: &Field, expected: &str, value: &Value) -> DbError {
    DbError::WrongType {
        table: table.name.clone(),
        field: field.name.clone(),
        expected: expected.to_owned(),
        got: describe(field, value),
    }
}
