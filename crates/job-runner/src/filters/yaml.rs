//! YAML for `yaml_encode` and `yaml_decode`. Encoding is written here (block
//! style, keys in order, text quoted only when plain text would read as
//! something else); decoding uses the `yaml-rust2` parser and keeps the
//! first document.

use yaml_rust2::{Yaml, YamlLoader};

use crate::value::{Object, Value, format_decimal};

/// `{"a":1,"b":[2]}` → `"a: 1\nb:\n  - 2\n"`.
pub(super) fn encode(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(object) if !object.is_empty() => write_object(&mut out, object, 0),
        Value::Array(items) if !items.is_empty() => write_array(&mut out, items, 0),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
    out
}

fn write_object(out: &mut String, object: &Object, indent: usize) {
    for (key, value) in object {
        out.push_str(&" ".repeat(indent));
        out.push_str(&text_scalar(key));
        out.push(':');
        write_nested(out, value, indent);
    }
}

fn write_array(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        write_nested(out, item, indent);
    }
}

/// What follows `key:` or `-`: a scalar on the same line, or a block below.
fn write_nested(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(object) if !object.is_empty() => {
            out.push('\n');
            write_object(out, object, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_array(out, items, indent + 2);
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Decimal(d) if d.is_finite() && d.fract() == 0.0 => format!("{d:.1}"),
        Value::Decimal(d) => format_decimal(*d),
        Value::Text(text) => text_scalar(text),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// Text as a plain scalar when YAML would read it back as the same text,
/// else double-quoted.
fn text_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " _-./@".contains(c))
        && !text.starts_with([' ', '-', '.', '@'])
        && !text.ends_with(' ')
        && matches!(decode(text), Ok(Value::Text(ref same)) if same == text);
    if plain {
        text.to_owned()
    } else {
        serde_json::Value::String(text.to_owned()).to_string()
    }
}

/// The first document of YAML text as a value; no document is null.
pub(super) fn decode(text: &str) -> Result<Value, String> {
    let documents = YamlLoader::load_from_str(text).map_err(|error| error.to_string())?;
    Ok(documents.first().map_or(Value::Null, from_yaml))
}

fn from_yaml(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Real(text) => text
            .parse::<f64>()
            .map_or_else(|_| Value::Text(text.clone()), Value::Decimal),
        Yaml::Integer(i) => Value::Int(*i),
        Yaml::String(text) => Value::Text(text.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(from_yaml).collect()),
        Yaml::Hash(hash) => Value::Object(
            hash.iter()
                .map(|(key, value)| (key_text(key), from_yaml(value)))
                .collect(),
        ),
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

fn key_text(key: &Yaml) -> String {
    match key {
        Yaml::String(text) | Yaml::Real(text) => text.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        other => from_yaml(other).to_text(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_yaml_decodes_to_the_same_value() {
        let value = Value::from_json(&serde_json::json!({
            "a": 1, "b": [2, "two words", {"c": null}], "d": {"e": true, "f": 1.5},
            "quoted": "yes", "number_text": "12", "empty": [], "colon": "a: b"
        }));
        let text = encode(&value);
        assert_eq!(decode(&text), Ok(value), "{text}");
    }
}
