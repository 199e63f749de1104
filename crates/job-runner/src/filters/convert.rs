//! Type filters: conversions, type tests and JSON.

use super::{Filter, FilterContext, FilterError, eager, invalid, object::is_empty, text_input};
use crate::value::{Number, Value, parse_number};

pub(super) const FILTERS: &[Filter] = &[
    eager("to_int", 0, 0, to_int),
    eager("to_decimal", 0, 0, to_decimal),
    eager("to_text", 0, 0, to_text),
    eager("to_bool", 0, 0, to_bool),
    eager("is_null", 0, 0, is_null),
    eager("is_empty", 0, 0, is_empty_filter),
    eager("is_array", 0, 0, is_array),
    eager("is_object", 0, 0, is_object),
    eager("is_int", 0, 0, is_int),
    eager("is_decimal", 0, 0, is_decimal),
    eager("is_bool", 0, 0, is_bool),
    eager("is_text", 0, 0, is_text),
    eager("json_encode", 0, 0, json_encode),
    eager("json_decode", 0, 0, json_decode),
    eager("not", 0, 0, not),
    eager("to_expr", 0, 0, to_expr),
];

type Result = std::result::Result<Value, FilterError>;

/// Numbers truncate, numeric text parses (leading digits count: `"12px"` → 12),
/// booleans are 0/1, anything else is 0 or an error for arrays and objects.
fn to_int(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Int(match value {
        Value::Null => 0,
        Value::Bool(b) => i64::from(*b),
        Value::Int(i) => *i,
        Value::Decimal(d) if d.is_finite() => d.trunc() as i64,
        Value::Decimal(_) => 0,
        Value::Text(text) => match parse_number(text) {
            Some(Number::Int(i)) => i,
            Some(Number::Decimal(d)) => d.trunc() as i64,
            None => leading_int(text),
        },
        other => return invalid(format!("`to_int` cannot convert {}", other.type_name())),
    }))
}

fn leading_int(text: &str) -> i64 {
    let trimmed = text.trim_start();
    let end = trimmed
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && (c == '-' || c == '+'))))
        .map_or(trimmed.len(), |(i, _)| i);
    trimmed[..end].parse().unwrap_or(0)
}

fn to_decimal(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Decimal(match value {
        Value::Array(_) | Value::Object(_) => {
            return invalid(format!("`to_decimal` cannot convert {}", value.type_name()));
        }
        Value::Text(text) => match parse_number(text) {
            Some(number) => number.as_f64(),
            None => leading_decimal(text),
        },
        other => other.to_number().map_or(0.0, Number::as_f64),
    }))
}

/// The number text starts with, as the reference's `"133.45 kg"` → `133.45`.
fn leading_decimal(text: &str) -> f64 {
    let trimmed = text.trim_start();
    let mut seen_point = false;
    let end = trimmed
        .char_indices()
        .find(|&(i, c)| {
            let fits = c.is_ascii_digit()
                || (i == 0 && (c == '-' || c == '+'))
                || (c == '.' && !std::mem::replace(&mut seen_point, true));
            !fits
        })
        .map_or(trimmed.len(), |(i, _)| i);
    trimmed[..end].parse().unwrap_or(0.0)
}

fn to_text(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    super::ensure_written_room("to_text", value, context)?;
    Ok(Value::Text(value.to_text()))
}

/// `"true"`, `"1"`, `"yes"`, `"on"` are true; `"false"`, `"0"`, `""`, `"no"`, `"off"` false.
fn to_bool(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(match value {
        Value::Text(text) => !matches!(
            text.trim().to_lowercase().as_str(),
            "false" | "0" | "" | "no" | "off" | "null"
        ),
        other => other.is_truthy(),
    }))
}

fn is_null(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(value.is_null()))
}

fn is_empty_filter(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(is_empty(value)))
}

fn is_array(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(matches!(value, Value::Array(_))))
}

fn is_object(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(matches!(value, Value::Object(_))))
}

fn is_int(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(matches!(value, Value::Int(_))))
}

fn is_decimal(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(matches!(value, Value::Decimal(_))))
}

fn is_bool(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(matches!(value, Value::Bool(_))))
}

fn is_text(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(matches!(value, Value::Text(_))))
}

/// Written through [`super::BudgetWriter`]: escapes make a text up to six
/// times longer (`\u0000`), so the JSON is checked as it is written.
fn json_encode(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    let mut writer = super::BudgetWriter::new(super::Budget::new("json_encode", context));
    // Written straight from the value: a copy as JSON first would be as
    // large as the text, and shared parts make that unbounded.
    match serde_json::to_writer(&mut writer, value) {
        Ok(()) => {}
        // What `Value`'s serialiser refuses: nesting too deep to follow.
        Err(error) if error.is_data() => return Err(super::too_deep_to_write("`json_encode`")),
        Err(_) => return Err(writer.refusal()),
    }
    Ok(Value::Text(writer.into_text()))
}

/// Invalid JSON is an error naming where parsing stopped (not the text, which may be long).
fn json_decode(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    let text = text_input("json_decode", value)?;
    // Each `,` `:` `[` `{` may start a value, and `[1,1,1]` makes a value of
    // every two bytes: the decoded document can be many times its text.
    let parts = text
        .bytes()
        .filter(|byte| matches!(byte, b',' | b':' | b'[' | b'{'))
        .count()
        + 1;
    super::ensure_parts_room("json_decode", text.len(), parts, context)?;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(json) => Ok(Value::from_json(&json)),
        Err(error) => invalid(format!(
            "`json_decode`: the text is not valid JSON ({error})"
        )),
    }
}

fn not(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(!value.is_truthy()))
}

/// `"(2 + 1) % 2"|to_expr` → 1: the text read as an expression and evaluated
/// where the filter runs (its variables are visible).
fn to_expr(value: &Value, _: &[Value], ctx: &mut dyn FilterContext) -> Result {
    let source = text_input("to_expr", value)?;
    ctx.evaluate_source(&source)
}
