//! Array filters that compare by position or edit by path: `diff_assoc`,
//! `intersect_assoc`, `merge_recursive`, `remove`, `append`, `prepend`.
//!
//! Decisions where the reference is silent (its examples for the `_assoc`
//! filters are garbled): `diff_assoc` keeps the items whose value differs
//! from the other array's at the same position, `intersect_assoc` those
//! equal to it (loose equality, as `diff` and `intersect` use).

use std::sync::Arc;

use super::array::{optional_path, path_get};
use super::{Filter, FilterContext, FilterError, arg, array_input, eager, invalid};
use crate::value::{Object, Value};

pub(super) const FILTERS: &[Filter] = &[
    eager("diff_assoc", 1, 1, diff_assoc),
    eager("intersect_assoc", 1, 1, intersect_assoc),
    eager("merge_recursive", 1, 1, merge_recursive),
    eager("remove", 1, 3, remove),
    eager("append", 1, 2, append),
    eager("prepend", 1, 2, prepend),
];

type Result = std::result::Result<Value, FilterError>;

fn by_position(
    filter: &str,
    value: &Value,
    args: &[Value],
    keep_equal: bool,
    context: &mut dyn FilterContext,
) -> Result {
    let other = array_input(filter, arg(args, 0))?;
    let mut budget = context.compare_budget();
    let mut kept = Vec::new();
    for (i, item) in array_input(filter, value)?.iter().enumerate() {
        let equal = match other.get(i) {
            Some(o) => o.loose_eq_within(item, &mut budget)?,
            None => false,
        };
        if equal == keep_equal {
            kept.push(item.clone());
        }
    }
    Ok(Value::array(kept))
}

fn diff_assoc(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    by_position("diff_assoc", value, args, false, context)
}

fn intersect_assoc(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    by_position("intersect_assoc", value, args, true, context)
}

/// PHP's `array_merge_recursive`: lists concatenate; objects merge key by
/// key, two values under one key merging again (two scalars become a list).
fn merge_recursive(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(merge_values(value.clone(), arg(args, 0).clone()))
}

fn merge_values(left: Value, right: Value) -> Value {
    match (left, right) {
        (left, Value::Null) => left,
        (Value::Null, right) => right,
        (Value::Object(mut left), Value::Object(right)) => {
            let fields = Arc::make_mut(&mut left);
            for (key, value) in Arc::unwrap_or_clone(right) {
                let merged = match fields.shift_remove(&key) {
                    Some(existing) => merge_values(existing, value),
                    None => value,
                };
                fields.insert(key, merged);
            }
            Value::Object(left)
        }
        (Value::Array(mut left), Value::Array(right)) => {
            Arc::make_mut(&mut left).extend(Arc::unwrap_or_clone(right));
            Value::Array(left)
        }
        (Value::Array(mut left), right) => {
            Arc::make_mut(&mut left).push(right);
            Value::Array(left)
        }
        (left, Value::Array(right)) => {
            let mut items = vec![left];
            items.extend(Arc::unwrap_or_clone(right));
            Value::array(items)
        }
        (left, right) => Value::array(vec![left, right]),
    }
}

/// `remove:value:path:strict`: the items not equal to `value` (compared at
/// `path` inside each item when given; `===` when `strict`).
fn remove(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let unwanted = arg(args, 0);
    let path = optional_path("remove", args, 1)?;
    let strict = arg(args, 2).is_truthy();
    let mut budget = context.compare_budget();
    let mut kept = Vec::new();
    for item in array_input("remove", value)? {
        let compared = path_get(item, &path).unwrap_or(&Value::Null);
        let equal = if strict {
            compared.strict_eq_within(unwanted, &mut budget)?
        } else {
            compared.loose_eq_within(unwanted, &mut budget)?
        };
        if !equal {
            kept.push(item.clone());
        }
    }
    Ok(Value::array(kept))
}

/// `append:value` pushes onto an array; `append:value:path` onto the array
/// at `path` inside an object, which is returned.
fn append(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    add_at("append", value, args, false)
}

fn prepend(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    add_at("prepend", value, args, true)
}

fn add_at(filter: &str, value: &Value, args: &[Value], front: bool) -> Result {
    let path = optional_path(filter, args, 1)?;
    let mut result = value.clone();
    let target = match path_get_mut(&mut result, &path) {
        Some(target) => target,
        None => return invalid(format!("`{filter}`: `{path}` is not inside an object")),
    };
    if target.is_null() {
        *target = Value::array(Vec::new());
    }
    let Value::Array(items) = target else {
        return invalid(format!(
            "`{filter}` works on an array, got {}",
            target.type_name()
        ));
    };
    let item = arg(args, 0).clone();
    let items = Arc::make_mut(items);
    if front {
        items.insert(0, item);
    } else {
        items.push(item);
    }
    Ok(result)
}

/// The value at a dotted path, creating missing object keys on the way.
fn path_get_mut<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    if path.is_empty() {
        return Some(value);
    }
    let mut current = value;
    for segment in path.split('.') {
        if current.is_null() {
            *current = Value::object(Object::default());
        }
        current = match current {
            Value::Object(object) => Arc::make_mut(object)
                .entry(segment.to_owned())
                .or_insert(Value::Null),
            Value::Array(items) => Arc::make_mut(items).get_mut(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}
