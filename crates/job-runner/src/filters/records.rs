//! Filters between text formats and records: CSV (`csv_parse`,
//! `csv_decode`, `csv_encode`, `csv_create`), YAML (`yaml_encode`,
//! `yaml_decode`) and objects from keys (`create_object`,
//! `create_object_from_entries`).
//!
//! Decisions where the reference is silent: CSV lines end with `\n` and a
//! field is quoted only when it holds the separator, the enclosure, a quote
//! or a line break; `csv_encode` of objects writes their keys as a header.

use super::{
    Filter, FilterContext, FilterError, arg, array_input, eager, invalid, text_arg, text_input,
};
use crate::value::{Object, Value};

pub(super) const FILTERS: &[Filter] = &[
    eager("csv_parse", 0, 3, csv_parse),
    eager("csv_decode", 0, 3, csv_decode),
    eager("csv_encode", 0, 3, csv_encode),
    eager("csv_create", 1, 4, csv_create),
    eager("create_object", 1, 1, create_object),
    eager(
        "create_object_from_entries",
        0,
        0,
        create_object_from_entries,
    ),
    eager("yaml_encode", 0, 0, yaml_encode),
    eager("yaml_decode", 0, 0, yaml_decode),
];

type Result = std::result::Result<Value, FilterError>;

/// The separator, enclosure and escape of a CSV filter, from `first` on.
struct Dialect {
    separator: char,
    enclosure: char,
    escape: char,
}

fn dialect(
    filter: &str,
    args: &[Value],
    first: usize,
) -> std::result::Result<Dialect, FilterError> {
    let one = |i: usize, default: char| -> std::result::Result<char, FilterError> {
        match arg(args, i) {
            Value::Null => Ok(default),
            _ => {
                let text = text_arg(filter, args, i)?;
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Ok(c),
                    _ => invalid(format!(
                        "`{filter}`: argument {} must be one character, got {text:?}",
                        i + 1
                    )),
                }
            }
        }
    };
    Ok(Dialect {
        separator: one(first, ',')?,
        enclosure: one(first + 1, '"')?,
        escape: one(first + 2, '"')?,
    })
}

/// A field per separator or line break at most: refuses rows that would
/// not fit before they are built.
fn csv_room(
    filter: &str,
    value: &Value,
    context: &dyn FilterContext,
) -> std::result::Result<(), FilterError> {
    let Value::Text(text) = value else {
        return Ok(());
    };
    let parts = text
        .bytes()
        .filter(|byte| matches!(byte, b',' | b';' | b'\t' | b'\n'))
        .count()
        + 1;
    super::ensure_parts_room(filter, text.len(), parts, context)
}

/// Splits CSV text into rows of fields.
fn read_csv(text: &str, d: &Dialect) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == d.escape && chars.peek() == Some(&d.enclosure) && d.escape != d.enclosure {
                field.push(d.enclosure);
                chars.next();
            } else if c == d.enclosure {
                if chars.peek() == Some(&d.enclosure) {
                    field.push(d.enclosure);
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == d.enclosure && field.is_empty() {
            quoted = true;
        } else if c == d.separator {
            row.push(std::mem::take(&mut field));
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        } else {
            field.push(c);
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn csv_decode(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let d = dialect("csv_decode", args, 0)?;
    csv_room("csv_decode", value, context)?;
    let rows = read_csv(&text_input("csv_decode", value)?, &d);
    Ok(Value::array(
        rows.into_iter()
            .map(|row| Value::array(row.into_iter().map(Value::Text).collect()))
            .collect(),
    ))
}

/// The first row names the fields: `"a,b\n1,2"` → `[{a: "1", b: "2"}]`.
fn csv_parse(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let d = dialect("csv_parse", args, 0)?;
    csv_room("csv_parse", value, context)?;
    let mut rows = read_csv(&text_input("csv_parse", value)?, &d).into_iter();
    let Some(header) = rows.next() else {
        return Ok(Value::array(Vec::new()));
    };
    Ok(Value::array(
        rows.map(|row| {
            let mut record = Object::default();
            for (i, name) in header.iter().enumerate() {
                record.insert(
                    name.clone(),
                    row.get(i).cloned().map_or(Value::Null, Value::Text),
                );
            }
            Value::object(record)
        })
        .collect(),
    ))
}

fn write_field(out: &mut String, value: &Value, d: &Dialect) {
    let text = value.to_text();
    let needs_quotes = text
        .chars()
        .any(|c| c == d.separator || c == d.enclosure || c == '\n' || c == '\r');
    if !needs_quotes {
        out.push_str(&text);
        return;
    }
    out.push(d.enclosure);
    for c in text.chars() {
        if c == d.enclosure {
            out.push(d.escape);
        }
        out.push(c);
    }
    out.push(d.enclosure);
}

fn write_rows<'v>(rows: impl Iterator<Item = Vec<&'v Value>>, d: &Dialect) -> String {
    let mut out = String::new();
    for row in rows {
        for (i, field) in row.into_iter().enumerate() {
            if i > 0 {
                out.push(d.separator);
            }
            write_field(&mut out, field, d);
        }
        out.push('\n');
    }
    out
}

/// The fields of one CSV row: an array's items, an object's values in the
/// header's order, or a lone value.
fn fields_of<'v>(row: &'v Value, header: &'v [Value]) -> Vec<&'v Value> {
    match row {
        Value::Array(fields) => fields.iter().collect(),
        Value::Object(record) => header
            .iter()
            .map(|key| record.get(&key.to_text()).unwrap_or(&Value::Null))
            .collect(),
        scalar => vec![scalar],
    }
}

/// Rows (arrays) as CSV lines; objects as a header of their keys, then their values.
fn csv_encode(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let d = dialect("csv_encode", args, 0)?;
    let items = array_input("csv_encode", value)?;
    let header: Vec<Value> = match items.first() {
        Some(Value::Object(first)) => first.keys().map(|k| Value::from(k.as_str())).collect(),
        _ => Vec::new(),
    };
    let mut rows: Vec<Vec<&Value>> = Vec::new();
    if !header.is_empty() {
        rows.push(header.iter().collect());
    }
    rows.extend(items.iter().map(|item| fields_of(item, &header)));
    Ok(Value::Text(write_rows(rows.into_iter(), &d)))
}

/// `["name","age"]|csv_create:[["ana",31]]`: a header of column names, then the rows.
fn csv_create(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let d = dialect("csv_create", args, 1)?;
    let header = array_input("csv_create", value)?;
    let rows = array_input("csv_create", arg(args, 0))?;
    let mut lines: Vec<Vec<&Value>> = vec![header.iter().collect()];
    lines.extend(rows.iter().map(|row| fields_of(row, header)));
    Ok(Value::Text(write_rows(lines.into_iter(), &d)))
}

/// `["a","b"]|create_object:[1,2]` → `{a: 1, b: 2}`; missing values are null.
fn create_object(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let keys = array_input("create_object", value)?;
    let values = array_input("create_object", arg(args, 0))?;
    Ok(Value::object(
        keys.iter()
            .enumerate()
            .map(|(i, key)| (key.to_text(), values.get(i).cloned().unwrap_or_default()))
            .collect(),
    ))
}

/// `[{key:"a",value:1}]|create_object_from_entries` → `{a: 1}`.
fn create_object_from_entries(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let mut object = Object::default();
    for entry in array_input("create_object_from_entries", value)? {
        let Value::Object(entry) = entry else {
            return invalid(format!(
                "`create_object_from_entries` needs objects with `key` and `value`, found {}",
                entry.type_name()
            ));
        };
        let key = entry.get("key").map(Value::to_text).unwrap_or_default();
        object.insert(key, entry.get("value").cloned().unwrap_or_default());
    }
    Ok(Value::object(object))
}

fn yaml_encode(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    // The writer recurses once per level of nesting: a value nested past
    // the cap is refused first. One too large to write (counted up to what
    // the memory left could hold) is left to the writer's own budget, which
    // names the size; its indentation grows with depth, so that budget runs
    // out long before the depth could overflow the stack.
    let limit = context.memory_left().map_or(u64::MAX, |left| left / 48);
    if value.written_extent(limit) == crate::value::WrittenExtent::TooDeep {
        return Err(super::too_deep_to_write("`yaml_encode`"));
    }
    let budget = super::Budget::new("yaml_encode", context);
    Ok(Value::Text(super::yaml::encode(value, &budget)?))
}

fn yaml_decode(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    let text = text_input("yaml_decode", value)?;
    super::yaml::decode_within(&text, &super::Budget::new("yaml_decode", context))
}
