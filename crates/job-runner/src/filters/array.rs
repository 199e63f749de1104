//! Array filters: picking, reshaping and summarising arrays.

use std::cmp::Ordering;

use super::{
    Filter, FilterContext, FilterError, arg, array_input, eager, int_arg, invalid, text_arg,
};
use crate::value::{Object, Value, any_loose_eq};

pub(super) const FILTERS: &[Filter] = &[
    eager("first", 0, 0, first),
    eager("last", 0, 0, last),
    eager("count", 0, 0, count),
    eager("reverse", 0, 0, reverse),
    eager("unique", 0, 1, unique),
    eager("flatten", 0, 0, flatten),
    eager("shuffle", 0, 0, shuffle),
    eager("slice", 1, 2, slice),
    eager("push", 1, 1, push),
    eager("pop", 0, 0, pop),
    eager("shift", 0, 0, shift),
    eager("unshift", 1, 1, unshift),
    eager("merge", 1, 1, merge),
    eager("diff", 1, 1, diff),
    eager("intersect", 1, 1, intersect),
    eager("join", 0, 1, join),
    eager("range", 2, 3, range),
    eager("sum", 0, 0, sum),
    eager("avg", 0, 0, avg_filter),
    eager("product", 0, 0, product),
    eager("array_min", 0, 0, array_min),
    eager("array_max", 0, 0, array_max),
    eager("filter_empty", 0, 1, filter_empty),
    eager("filter_empty_text", 0, 0, filter_empty_text),
    eager("filter_empty_array", 0, 0, filter_empty_array),
    eager("filter_empty_object", 0, 0, filter_empty_object),
    eager("filter_null", 0, 0, filter_null),
    eager("filter_zero", 0, 0, filter_zero),
    eager("filter_false", 0, 0, filter_false),
    eager("fill", 1, 2, fill),
    eager("fill_keys", 1, 1, fill_keys),
    eager("index_by", 1, 1, index_by),
    eager("sort", 0, 3, sort),
    eager("safe_array", 0, 0, safe_array),
];

type Result = std::result::Result<Value, FilterError>;

fn first(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(array_input("first", value)?
        .first()
        .cloned()
        .unwrap_or_default())
}

fn last(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(array_input("last", value)?
        .last()
        .cloned()
        .unwrap_or_default())
}

/// Items of an array, keys of an object; `null` counts 0.
fn count(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    match value {
        Value::Object(object) => Ok(Value::Int(object.len() as i64)),
        Value::Text(_) => invalid("`count` works on arrays; use `strlen` for the length of text"),
        other => Ok(Value::Int(array_input("count", other)?.len() as i64)),
    }
}

fn reverse(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    if let Value::Text(_) = value {
        return invalid("`reverse` works on arrays; for text use `split:\"\"|reverse|join:\"\"`");
    }
    Ok(Value::array(
        array_input("reverse", value)?
            .iter()
            .rev()
            .cloned()
            .collect(),
    ))
}

/// Keeps the first of each group of equal items, in order; with a path
/// (`unique:id`), items are compared by the value at that path.
fn unique(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let path = optional_path("unique", args, 0)?;
    let mut kept: Vec<Value> = Vec::new();
    let mut seen: Vec<&Value> = Vec::new();
    let mut budget = context.compare_budget();
    for item in array_input("unique", value)? {
        let key = path_get(item, &path).unwrap_or(&Value::Null);
        let mut already = false;
        for other in &seen {
            if other.strict_eq_within(key, &mut budget)? {
                already = true;
                break;
            }
        }
        if !already {
            seen.push(key);
            kept.push(item.clone());
        }
    }
    Ok(Value::array(kept))
}

/// An optional path argument; absent means the item itself.
pub(super) fn optional_path(
    filter: &str,
    args: &[Value],
    i: usize,
) -> std::result::Result<String, FilterError> {
    match arg(args, i) {
        Value::Null => Ok(String::new()),
        _ => text_arg(filter, args, i),
    }
}

/// Shared inner arrays are copied out once per place they appear, so the
/// result can be far larger than the input: checked as it grows.
fn flatten(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    let budget = super::Budget::new("flatten", context);
    let mut out = Vec::new();
    let mut built = 0u64;
    // The arrays being walked, innermost last, on the heap: a job can nest
    // arrays deeper than the native stack holds frames.
    let mut levels = vec![array_input("flatten", value)?.iter()];
    while let Some(level) = levels.last_mut() {
        match level.next() {
            None => {
                levels.pop();
            }
            Some(Value::Array(inner)) => {
                // Entering an array counts too, so arrays of empty shared
                // arrays cannot walk forever while building nothing.
                built += 1;
                budget.check(built)?;
                levels.push(inner.iter());
            }
            Some(other) => {
                built += super::copy_bytes(other);
                budget.check(built)?;
                out.push(other.clone());
            }
        }
    }
    Ok(Value::array(out))
}

fn shuffle(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    use rand::seq::SliceRandom;
    let mut items = array_input("shuffle", value)?.to_vec();
    items.shuffle(&mut rand::rng());
    Ok(Value::array(items))
}

/// `slice:offset:length`: skip `offset` (negative counts from the end), take `length`.
fn slice(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let items = array_input("slice", value)?;
    let len = items.len() as i64;
    let offset = int_arg("slice", args, 0, Some(0))?;
    let start = if offset < 0 {
        (len + offset).max(0)
    } else {
        offset.min(len)
    };
    let end = match args.get(1) {
        None | Some(Value::Null) => len,
        Some(_) => {
            let length = int_arg("slice", args, 1, None)?;
            if length < 0 {
                len + length
            } else {
                start.saturating_add(length).min(len)
            }
        }
    };
    Ok(Value::array(if end > start {
        items[start as usize..end as usize].to_vec()
    } else {
        Vec::new()
    }))
}

/// `push`/`append`: the array with one more item at the end.
fn push(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let mut items = array_input("push", value)?.to_vec();
    items.push(arg(args, 0).clone());
    Ok(Value::array(items))
}

fn pop(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(array_input("pop", value)?
        .last()
        .cloned()
        .unwrap_or_default())
}

fn shift(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(array_input("shift", value)?
        .first()
        .cloned()
        .unwrap_or_default())
}

fn unshift(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let mut items = vec![arg(args, 0).clone()];
    items.extend_from_slice(array_input("unshift", value)?);
    Ok(Value::array(items))
}

/// Arrays concatenate; objects merge key by key, the argument winning.
fn merge(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    match (value, arg(args, 0)) {
        (Value::Object(a), Value::Object(b)) => {
            let mut merged = a.clone();
            let fields = std::sync::Arc::make_mut(&mut merged);
            for (key, item) in b.iter() {
                fields.insert(key.clone(), item.clone());
            }
            Ok(Value::Object(merged))
        }
        (Value::Object(a), Value::Null) => Ok(Value::Object(a.clone())),
        (Value::Null, Value::Object(b)) => Ok(Value::Object(b.clone())),
        (a, b) => {
            let mut items = array_input("merge", a)?.to_vec();
            match b {
                Value::Array(more) => items.extend_from_slice(more),
                Value::Null => {}
                other => {
                    return invalid(format!(
                        "`merge` needs two arrays or two objects, got {} and {}",
                        a.type_name(),
                        other.type_name()
                    ));
                }
            }
            Ok(Value::array(items))
        }
    }
}

fn diff(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    by_presence("diff", value, args, false, context)
}

fn intersect(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    by_presence("intersect", value, args, true, context)
}

/// The items of `value` that are (`present`) or are not `==` to an item of
/// the first argument, all compared within one budget.
fn by_presence(
    filter: &str,
    value: &Value,
    args: &[Value],
    present: bool,
    context: &mut dyn FilterContext,
) -> Result {
    let other = array_input(filter, arg(args, 0))?;
    let mut budget = context.compare_budget();
    let mut kept = Vec::new();
    for item in array_input(filter, value)? {
        if any_loose_eq(other, item, &mut budget)? == present {
            kept.push(item.clone());
        }
    }
    Ok(Value::array(kept))
}

fn join(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let separator = match args.first() {
        None | Some(Value::Null) => String::new(),
        Some(_) => text_arg("join", args, 0)?,
    };
    // The separator is repeated between every two items: a long one over
    // many items is far larger than either.
    let items = array_input("join", value)?;
    for item in items {
        super::ensure_written_room("join", item, context)?;
    }
    let texts: u64 = items.iter().map(super::copy_bytes).sum();
    let separators = (items.len().saturating_sub(1) as u64).saturating_mul(separator.len() as u64);
    super::ensure_room("join", texts.saturating_add(separators), context)?;
    let parts: Vec<String> = array_input("join", value)?
        .iter()
        .map(Value::to_text)
        .collect();
    Ok(Value::Text(parts.join(&separator)))
}

/// `|range:1:5` → `[1,2,3,4,5]`; an optional step; capped at 10 million items.
fn range(_: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let start = int_arg("range", args, 0, None)?;
    let end = int_arg("range", args, 1, None)?;
    let step = int_arg("range", args, 2, Some(1))?.unsigned_abs().max(1);
    let count = start.abs_diff(end) / step + 1;
    if count > 10_000_000 {
        return invalid(format!(
            "`range` would make {count} items; the limit is 10000000"
        ));
    }
    super::ensure_room(
        "range",
        count.saturating_mul(super::copy_bytes(&Value::Int(0))),
        context,
    )?;
    let items = (0..count)
        .map(|i| {
            let offset = (i * step) as i64;
            Value::Int(if end >= start {
                start + offset
            } else {
                start - offset
            })
        })
        .collect();
    Ok(Value::array(items))
}

fn numbers<'a>(filter: &str, value: &'a Value) -> std::result::Result<Vec<&'a Value>, FilterError> {
    let items = array_input(filter, value)?;
    for item in items {
        if item.to_number().is_none() {
            return invalid(format!(
                "`{filter}` needs an array of numbers, found {} {}",
                item.type_name(),
                item.short_display()
            ));
        }
    }
    Ok(items.iter().collect())
}

fn sum(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let mut total = Value::Int(0);
    for item in numbers("sum", value)? {
        total = crate::value::add(&total, item).map_err(|e| FilterError::Invalid(e.0))?;
    }
    Ok(total)
}

fn avg(value: &Value, ctx: &mut dyn FilterContext) -> Result {
    let items = numbers("avg", value)?;
    if items.is_empty() {
        return Ok(Value::Null);
    }
    let total = sum(value, &[], ctx)?;
    crate::value::div(&total, &Value::Int(items.len() as i64))
        .map_err(|e| FilterError::Invalid(e.0))
}

fn product(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let mut total = Value::Int(1);
    for item in numbers("product", value)? {
        total = crate::value::mul(&total, item).map_err(|e| FilterError::Invalid(e.0))?;
    }
    Ok(total)
}

fn extreme(filter: &str, value: &Value, wanted: Ordering) -> Result {
    let mut best: Option<&Value> = None;
    for item in numbers(filter, value)? {
        let better = match best {
            None => true,
            Some(current) => {
                item.compare(current)
                    .map_err(|e| FilterError::Invalid(e.0))?
                    == wanted
            }
        };
        if better {
            best = Some(item);
        }
    }
    Ok(best.cloned().unwrap_or_default())
}

pub(super) fn array_min(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    extreme("array_min", value, Ordering::Less)
}

pub(super) fn array_max(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    extreme("array_max", value, Ordering::Greater)
}

fn keep(filter: &str, value: &Value, keep: impl Fn(&Value) -> bool) -> Result {
    Ok(Value::array(
        array_input(filter, value)?
            .iter()
            .filter(|item| keep(item))
            .cloned()
            .collect(),
    ))
}

/// Drops empty items (`""`, null, 0, `"0"`, false, `[]`, `{}`); with a path
/// (`filter_empty:a`), items whose value at that path is empty.
fn filter_empty(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let path = optional_path("filter_empty", args, 0)?;
    keep("filter_empty", value, |item| {
        path_get(item, &path).is_some_and(Value::is_truthy)
    })
}

fn filter_empty_text(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    keep(
        "filter_empty_text",
        value,
        |v| !matches!(v, Value::Text(t) if t.is_empty()),
    )
}

fn filter_empty_array(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    keep(
        "filter_empty_array",
        value,
        |v| !matches!(v, Value::Array(a) if a.is_empty()),
    )
}

fn filter_empty_object(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    keep(
        "filter_empty_object",
        value,
        |v| !matches!(v, Value::Object(o) if o.is_empty()),
    )
}

fn filter_null(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    keep("filter_null", value, |v| !v.is_null())
}

fn filter_zero(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    keep("filter_zero", value, |v| {
        !matches!(v, Value::Int(0)) && !matches!(v, Value::Decimal(d) if *d == 0.0)
    })
}

fn filter_false(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    keep("filter_false", value, |v| !matches!(v, Value::Bool(false)))
}

/// `"v"|fill:0:6` → six `"v"` (the value, then `start:count`, as the current
/// reference has it); without a subject (or on `[]`, as jobs written for
/// the older form do), `|fill:5:"x"` is the older `count:value` form. Capped at 10 million items, and at what the memory
/// limit leaves (ten million copies of a 1 KiB text are 10 GB). The start
/// only matters to PHP's keyed arrays: the result is a list either way.
fn fill(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let (count, item) = match value {
        Value::Null => (int_arg("fill", args, 0, None)?, arg(args, 1)),
        Value::Array(items) if items.is_empty() => (int_arg("fill", args, 0, None)?, arg(args, 1)),
        _ if args.len() < 2 => (int_arg("fill", args, 0, None)?, value),
        _ => (int_arg("fill", args, 1, None)?, value),
    };
    if !(0..=10_000_000).contains(&count) {
        return invalid(format!(
            "`fill` needs a count between 0 and 10000000, got {count}"
        ));
    }
    super::ensure_room(
        "fill",
        (count as u64).saturating_mul(super::copy_bytes(item)),
        context,
    )?;
    Ok(Value::array(vec![item.clone(); count as usize]))
}

/// `"v"|fill_keys:["a","b"]` → `{a: "v", b: "v"}` (the current reference's
/// form). The older `["a","b"]|fill_keys:v` (keys first; an object argument
/// gives each key its own value) still works: it is told apart by the
/// argument not being an array.
fn fill_keys(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let (keys, fill) = match arg(args, 0) {
        Value::Array(keys) => (keys.as_slice(), value),
        other => (array_input("fill_keys", value)?, other),
    };
    // Every key gets its own copy of the value: a large value times many keys.
    if !matches!(fill, Value::Object(_)) {
        super::ensure_room(
            "fill_keys",
            (keys.len() as u64).saturating_mul(super::copy_bytes(fill) + 16),
            context,
        )?;
    }
    let mut object = Object::default();
    for key in keys {
        let key = key.to_text();
        let item = match fill {
            Value::Object(source) => source.get(&key).cloned().unwrap_or_default(),
            other => other.clone(),
        };
        object.insert(key, item);
    }
    Ok(Value::object(object))
}

/// Reads a dotted path (`a.b.0`) inside a value.
pub(super) fn path_get<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    if path.is_empty() {
        return Some(value);
    }
    path.split('.')
        .try_fold(value, |current, segment| match current {
            Value::Object(object) => object.get(segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

/// Groups items by the text of a field: `{key: [items...]}`.
fn index_by(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let path = text_arg("index_by", args, 0)?;
    let mut groups = Object::default();
    for item in array_input("index_by", value)? {
        let key = path_get(item, &path)
            .map(Value::to_text)
            .unwrap_or_default();
        if let Value::Array(group) = groups
            .entry(key)
            .or_insert_with(|| Value::array(Vec::new()))
        {
            std::sync::Arc::make_mut(group).push(item.clone());
        }
    }
    Ok(Value::object(groups))
}

/// `sort:path:type:desc`: by a field (or the items themselves when `path` is
/// empty), as `text`, `itext`, `number`, `natural` or `inatural`. The
/// reference's example (`sort:n:text:false` sorts ascending) makes the third
/// argument a "descending" flag, default false.
fn sort(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let path = match args.first() {
        None | Some(Value::Null) => String::new(),
        Some(_) => text_arg("sort", args, 0)?,
    };
    let kind = match args.get(1) {
        None | Some(Value::Null) => String::new(),
        Some(_) => text_arg("sort", args, 1)?,
    };
    let descending = arg(args, 2).is_truthy();
    let mut items = array_input("sort", value)?.to_vec();
    let key = |item: &Value| path_get(item, &path).cloned().unwrap_or_default();
    let order = |a: &Value, b: &Value| -> Ordering {
        match kind.as_str() {
            "itext" | "inatural" => a.to_text().to_lowercase().cmp(&b.to_text().to_lowercase()),
            "text" => a.to_text().cmp(&b.to_text()),
            "number" => {
                let x = a.to_number().map_or(0.0, |n| n.as_f64());
                let y = b.to_number().map_or(0.0, |n| n.as_f64());
                x.partial_cmp(&y).unwrap_or(Ordering::Equal)
            }
            _ => a.compare(b).unwrap_or(Ordering::Equal),
        }
    };
    items.sort_by(|a, b| {
        let ordering = order(&key(a), &key(b));
        if descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
    Ok(Value::array(items))
}

/// Wraps a lone value in an array; null becomes `[]`.
fn safe_array(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(match value {
        Value::Array(_) => value.clone(),
        Value::Null => Value::array(Vec::new()),
        other => Value::array(vec![other.clone()]),
    })
}

fn avg_filter(value: &Value, _: &[Value], ctx: &mut dyn FilterContext) -> Result {
    avg(value, ctx)
}
