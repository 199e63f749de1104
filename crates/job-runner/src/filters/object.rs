//! Object filters: reading, setting and picking keys, and null fallbacks.

use super::{
    Filter, FilterContext, FilterError, arg, array::path_get, eager, eager_peek, invalid, text_arg,
};
use crate::value::{Object, Value};

pub(super) const FILTERS: &[Filter] = &[
    eager_peek("get", 1, 2, get, peek_get),
    eager("set", 2, 2, set),
    eager("unset", 1, 1, unset),
    eager("has", 1, 1, has),
    eager("keys", 0, 0, keys),
    eager("values", 0, 0, values),
    eager("entries", 0, 0, entries),
    eager("pick", 1, 1, pick),
    eager("unpick", 1, 1, unpick),
    eager("set_conditional", 3, 3, set_conditional),
    eager("set_ifnotempty", 2, 2, set_ifnotempty),
    eager("set_ifnotnull", 2, 2, set_ifnotnull),
    eager("first_notnull", 1, 1, first_notnull),
    eager("first_notempty", 1, 1, first_notempty),
];

type Result = std::result::Result<Value, FilterError>;

/// `get:key:default`: a key (or dotted path, or array index) with a fallback when missing or null.
fn get(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let found = match (value, arg(args, 0)) {
        (Value::Array(items), Value::Int(i)) => usize::try_from(*i).ok().and_then(|i| items.get(i)),
        (Value::Object(object), Value::Text(key)) if object.contains_key(key.as_str()) => {
            object.get(key.as_str())
        }
        (Value::Object(object), key) if object.contains_key(&key.to_text()) => {
            object.get(&key.to_text())
        }
        (_, key) => path_get(value, &key.to_text()).filter(|_| !key.is_null()),
    };
    Ok(match found {
        Some(found) if !found.is_null() => found.clone(),
        _ => arg(args, 1).clone(),
    })
}

static NULL: Value = Value::Null;

/// [`get`] with one argument, where the answer is inside the value: an
/// array item by int position (null when out of range, as `get` gives its
/// missing default), or a key the object has. A missing key may still be a
/// dotted path, so it is left to `get`.
fn peek_get<'v>(value: &'v Value, key: &Value) -> Option<&'v Value> {
    match (value, key) {
        (Value::Array(items), Value::Int(i)) => Some(
            usize::try_from(*i)
                .ok()
                .and_then(|i| items.get(i))
                .unwrap_or(&NULL),
        ),
        (Value::Object(object), Value::Text(key)) => object.get(key.as_str()),
        _ => None,
    }
}

fn object_input<'v>(
    filter: &str,
    value: &'v Value,
) -> std::result::Result<Option<&'v Object>, FilterError> {
    match value {
        Value::Object(object) => Ok(Some(object)),
        Value::Null => Ok(None),
        other => invalid(format!(
            "`{filter}` works on an object, got {}",
            other.type_name()
        )),
    }
}

/// `set:key:value` on an object (`null` starts an empty one) or `set:index:value` on an array.
fn set(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    if let (Value::Array(items), Value::Int(i)) = (value, arg(args, 0)) {
        let Some(i) = usize::try_from(*i).ok().filter(|&i| i < items.len()) else {
            return invalid(format!("`set`: index {i} is outside the array"));
        };
        // A new array whose items are shared with the old one: only the
        // pointers are copied, as CPython's list copy does.
        let mut items = Vec::clone(items);
        items[i] = arg(args, 1).clone();
        return Ok(Value::array(items));
    }
    let mut object = object_input("set", value)?.cloned().unwrap_or_default();
    object.insert(text_arg("set", args, 0)?, arg(args, 1).clone());
    Ok(Value::object(object))
}

fn unset(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let mut object = object_input("unset", value)?.cloned().unwrap_or_default();
    object.shift_remove(&text_arg("unset", args, 0)?);
    Ok(Value::object(object))
}

fn has(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(match value {
        Value::Object(object) => object.contains_key(&text_arg("has", args, 0)?),
        Value::Array(items) => match arg(args, 0) {
            Value::Int(i) => usize::try_from(*i).is_ok_and(|i| i < items.len()),
            _ => false,
        },
        _ => false,
    }))
}

fn keys(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::array(match value {
        Value::Array(items) => (0..items.len() as i64).map(Value::Int).collect(),
        other => object_input("keys", other)?
            .map(|o| o.keys().map(|k| Value::from(k.as_str())).collect())
            .unwrap_or_default(),
    }))
}

fn values(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::array(match value {
        Value::Array(items) => Vec::clone(items),
        other => object_input("values", other)?
            .map(|o| o.values().cloned().collect())
            .unwrap_or_default(),
    }))
}

/// `{a:1}|entries` → `[{key:"a",value:1}]`.
pub(crate) fn entries_of(value: &Value) -> std::result::Result<Value, FilterError> {
    let pair = |key: Value, value: &Value| {
        let mut entry = Object::default();
        entry.insert("key".to_owned(), key);
        entry.insert("value".to_owned(), value.clone());
        Value::object(entry)
    };
    Ok(Value::array(match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| pair(Value::Int(i as i64), item))
            .collect(),
        other => object_input("entries", other)?
            .map(|o| {
                o.iter()
                    .map(|(k, v)| pair(Value::from(k.as_str()), v))
                    .collect()
            })
            .unwrap_or_default(),
    }))
}

/// Each item becomes an object of two fields, several times an int's or a
/// short text's size: checked against the memory left first.
fn entries(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    let count = match value {
        Value::Array(items) => items.len(),
        Value::Object(fields) => fields.len(),
        _ => 0,
    } as u64;
    let slot = std::mem::size_of::<Value>() as u64;
    super::ensure_room("entries", count.saturating_mul(4 * slot + 64), context)?;
    entries_of(value)
}

fn key_list(filter: &str, args: &[Value]) -> std::result::Result<Vec<String>, FilterError> {
    match arg(args, 0) {
        Value::Array(keys) => Ok(keys.iter().map(Value::to_text).collect()),
        Value::Text(key) => Ok(vec![key.clone()]),
        other => invalid(format!(
            "`{filter}` needs an array of keys, got {}",
            other.type_name()
        )),
    }
}

fn pick(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let keys = key_list("pick", args)?;
    let object = object_input("pick", value)?.cloned().unwrap_or_default();
    Ok(Value::object(
        object
            .into_iter()
            .filter(|(k, _)| keys.contains(k))
            .collect(),
    ))
}

fn unpick(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let keys = key_list("unpick", args)?;
    let object = object_input("unpick", value)?.cloned().unwrap_or_default();
    Ok(Value::object(
        object
            .into_iter()
            .filter(|(k, _)| !keys.contains(k))
            .collect(),
    ))
}

fn set_when(filter: &str, value: &Value, args: &[Value], when: bool) -> Result {
    let mut object = object_input(filter, value)?.cloned().unwrap_or_default();
    if when {
        object.insert(text_arg(filter, args, 0)?, arg(args, 1).clone());
    }
    Ok(Value::object(object))
}

fn set_conditional(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    set_when("set_conditional", value, args, arg(args, 2).is_truthy())
}

fn set_ifnotempty(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    set_when("set_ifnotempty", value, args, !is_empty(arg(args, 1)))
}

fn set_ifnotnull(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    set_when("set_ifnotnull", value, args, !arg(args, 1).is_null())
}

/// Empty as `is_empty` sees it: null, `""`, `[]`, `{}` (not `0` or `false`).
pub(crate) fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Text(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(object) => object.is_empty(),
        _ => false,
    }
}

fn first_notnull(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(if value.is_null() {
        arg(args, 0).clone()
    } else {
        value.clone()
    })
}

fn first_notempty(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(if is_empty(value) {
        arg(args, 0).clone()
    } else {
        value.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoHost;
    impl FilterContext for NoHost {
        fn now_ms(&self) -> i64 {
            0
        }
    }

    /// `peek_get` must answer exactly as `get` with one argument does,
    /// wherever it answers at all.
    #[test]
    fn peek_get_agrees_with_get_wherever_it_answers() {
        let json = |text: &str| Value::from_json(&serde_json::from_str(text).unwrap());
        let values = [
            json(r#"[1, null, [2, 3], {"a": 4}]"#),
            json(r#"{"a": 1, "b": null, "c": {"d": 2}, "c.d": 5, "0": 6}"#),
            json("[]"),
            json("null"),
            json(r#""text""#),
        ];
        let keys = [
            json("0"),
            json("1"),
            json("2"),
            json("3"),
            json("-1"),
            json("99"),
            json(r#""a""#),
            json(r#""b""#),
            json(r#""c.d""#),
            json(r#""c""#),
            json(r#""0""#),
            json(r#""missing""#),
            json("1.5"),
            json("null"),
        ];
        let mut answered = 0;
        for value in &values {
            for key in &keys {
                let full = get(value, std::slice::from_ref(key), &mut NoHost);
                if let Some(peeked) = peek_get(value, key) {
                    answered += 1;
                    assert_eq!(Ok(peeked.clone()), full, "{value:?}|get:{key:?}");
                }
            }
        }
        // Arrays by int and objects by a key they have: the shortcut is taken.
        assert!(answered >= 8, "{answered}");
    }
}
