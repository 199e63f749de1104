//! YAML for `yaml_encode` and `yaml_decode`. Encoding is written here (block
//! style, keys in order, text quoted only when plain text would read as
//! something else); decoding uses the `yaml-rust2` parser and keeps the
//! first document.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::{Yaml, YamlLoader};

use super::{Budget, FilterError};
use crate::value::{Object, Value, format_decimal};

/// `{"a":1,"b":[2]}` → `"a: 1\nb:\n  - 2\n"`.
/// Indentation grows with nesting, so a deep value writes far more text
/// than it holds: the text is checked against `budget` line by line.
pub(super) fn encode(value: &Value, budget: &Budget<'_>) -> Result<String, FilterError> {
    let mut out = String::new();
    match value {
        Value::Object(object) if !object.is_empty() => write_object(&mut out, object, 0, budget)?,
        Value::Array(items) if !items.is_empty() => write_array(&mut out, items, 0, budget)?,
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
    Ok(out)
}

fn write_object(
    out: &mut String,
    object: &Object,
    indent: usize,
    budget: &Budget<'_>,
) -> Result<(), FilterError> {
    for (key, value) in object {
        budget.check((out.capacity() + indent) as u64)?;
        out.push_str(&" ".repeat(indent));
        out.push_str(&text_scalar(key));
        out.push(':');
        write_nested(out, value, indent, budget)?;
    }
    Ok(())
}

fn write_array(
    out: &mut String,
    items: &[Value],
    indent: usize,
    budget: &Budget<'_>,
) -> Result<(), FilterError> {
    for item in items {
        budget.check((out.capacity() + indent) as u64)?;
        out.push_str(&" ".repeat(indent));
        out.push('-');
        write_nested(out, item, indent, budget)?;
    }
    Ok(())
}

fn write_nested(
    out: &mut String,
    value: &Value,
    indent: usize,
    budget: &Budget<'_>,
) -> Result<(), FilterError> {
    match value {
        Value::Object(object) if !object.is_empty() => {
            out.push('\n');
            write_object(out, object, indent + 2, budget)
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_array(out, items, indent + 2, budget)
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_text(scalar));
            out.push('\n');
            Ok(())
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
        // YAML's `!!binary` is base64 too.
        Value::Bytes(bytes) => format!("!!binary {}", crate::value::bytes_as_base64(bytes)),
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

/// The deepest nesting a document may have, as `json_decode` allows.
const MAX_DEPTH: usize = 128;

/// [`decode`], for `yaml_decode`: the loader copies an anchored node for
/// each alias to it, so a few lines of aliases to aliases expand to
/// billions of nodes. The document is measured first, from the parser's
/// events, and refused when expanded it would not fit in `budget`.
pub(super) fn decode_within(text: &str, budget: &Budget<'_>) -> Result<Value, FilterError> {
    let mut measure = Measure::default();
    Parser::new_from_str(text)
        .load(&mut measure, true)
        .map_err(|error| FilterError::Invalid(format!("`yaml_decode`: {error}")))?;
    if measure.deepest > MAX_DEPTH {
        return Err(FilterError::Invalid(format!(
            "`yaml_decode`: the document is nested deeper than {MAX_DEPTH} levels"
        )));
    }
    budget.check(measure.total)?;
    decode(text).map_err(|why| FilterError::Invalid(format!("`yaml_decode`: {why}")))
}

/// The bytes a document takes once loaded, aliases expanded, and its
/// depth, counted without building it.
#[derive(Default)]
struct Measure {
    /// The expanded size of each anchored node, by anchor id.
    anchors: HashMap<usize, u64>,
    /// The collections open around the current event: size so far, anchor.
    open: Vec<(u64, usize)>,
    deepest: usize,
    total: u64,
}

impl Measure {
    /// A node costs its slot in the loader's tree, in its anchor copy and in
    /// the value made from it, and its text twice.
    const NODE: u64 = 3 * std::mem::size_of::<Value>() as u64;

    fn add(&mut self, size: u64, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, size);
        }
        match self.open.last_mut() {
            Some((parent, _)) => *parent = parent.saturating_add(size),
            None => self.total = self.total.saturating_add(size),
        }
    }
}

impl MarkedEventReceiver for Measure {
    fn on_event(&mut self, event: Event, _: Marker) {
        match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((Self::NODE, anchor));
                self.deepest = self.deepest.max(self.open.len());
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((size, anchor)) = self.open.pop() {
                    self.add(size, anchor);
                }
            }
            Event::Scalar(text, _, anchor, _) => {
                self.add(Self::NODE + 2 * text.len() as u64, anchor);
            }
            Event::Alias(anchor) => {
                let size = self.anchors.get(&anchor).copied().unwrap_or(Self::NODE);
                self.add(size, 0);
            }
            _ => {}
        }
    }
}

fn from_yaml(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Real(text) => text
            .parse::<f64>()
            .map_or_else(|_| Value::Text(text.clone()), Value::Decimal),
        Yaml::Integer(i) => Value::Int(*i),
        Yaml::String(text) => Value::Text(text.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::array(items.iter().map(from_yaml).collect()),
        Yaml::Hash(hash) => Value::object(
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
        let text = encode(&value, &Budget::unlimited("yaml_encode")).expect("no limit");
        assert_eq!(decode(&text), Ok(value), "{text}");
    }
}
