//! Filters whose argument is an expression evaluated once per item, with `$$`
//! (alias `$this`), `$index`, `$parent` and, for `reduce`, `$result` bound.

use super::{Filter, FilterError, Item, LazyArgs, array_input, lazy};
use crate::value::Value;

pub(super) const FILTERS: &[Filter] = &[
    lazy("map", 1, 1, map),
    lazy("filter", 1, 1, filter),
    lazy("find", 1, 1, find),
    lazy("findIndex", 1, 1, find_index),
    lazy("some", 1, 1, some),
    lazy("every", 1, 1, every),
    lazy("reduce", 1, 2, reduce),
    lazy("transform", 1, 1, transform),
];

type Result = std::result::Result<Value, FilterError>;

fn item<'a>(parent: &'a Value, value: &'a Value, index: usize) -> Item<'a> {
    Item {
        value,
        index,
        parent,
        result: None,
    }
}

fn map(value: &Value, args: &mut dyn LazyArgs) -> Result {
    let items = array_input("map", value)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, each) in items.iter().enumerate() {
        out.push(args.eval_item(0, item(value, each, i))?);
    }
    Ok(Value::array(out))
}

fn filter(value: &Value, args: &mut dyn LazyArgs) -> Result {
    let mut out = Vec::new();
    for (i, each) in array_input("filter", value)?.iter().enumerate() {
        if args.eval_item(0, item(value, each, i))?.is_truthy() {
            out.push(each.clone());
        }
    }
    Ok(Value::array(out))
}

fn position(
    name: &str,
    value: &Value,
    args: &mut dyn LazyArgs,
) -> std::result::Result<Option<usize>, FilterError> {
    for (i, each) in array_input(name, value)?.iter().enumerate() {
        if args.eval_item(0, item(value, each, i))?.is_truthy() {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// The first matching item, or null.
fn find(value: &Value, args: &mut dyn LazyArgs) -> Result {
    let found = position("find", value, args)?;
    Ok(found
        .and_then(|i| array_input("find", value).ok()?.get(i).cloned())
        .unwrap_or_default())
}

/// The index of the first matching item, or -1.
fn find_index(value: &Value, args: &mut dyn LazyArgs) -> Result {
    Ok(Value::Int(
        position("findIndex", value, args)?.map_or(-1, |i| i as i64),
    ))
}

fn some(value: &Value, args: &mut dyn LazyArgs) -> Result {
    Ok(Value::Bool(position("some", value, args)?.is_some()))
}

fn every(value: &Value, args: &mut dyn LazyArgs) -> Result {
    for (i, each) in array_input("every", value)?.iter().enumerate() {
        if !args.eval_item(0, item(value, each, i))?.is_truthy() {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// `reduce:$$+$result:0`: the expression first, the initial value last.
fn reduce(value: &Value, args: &mut dyn LazyArgs) -> Result {
    let mut result = match args.len() {
        2.. => args.eval(1)?,
        _ => Value::Null,
    };
    for (i, each) in array_input("reduce", value)?.iter().enumerate() {
        let bindings = Item {
            result: Some(&result),
            ..item(value, each, i)
        };
        result = args.eval_item(0, bindings)?;
    }
    Ok(result)
}

/// `2|transform:$$+3` → 5: the expression applied to the value itself.
fn transform(value: &Value, args: &mut dyn LazyArgs) -> Result {
    args.eval_item(0, item(value, value, 0))
}
