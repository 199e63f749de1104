//! Comparison filters: the operators as filters (`4|equals:4`), parity and
//! membership. They compare as the operators do: `equals` is loose `==`.

use std::cmp::Ordering;

use super::{Filter, FilterContext, FilterError, arg, array_input, eager, int_arg};
use crate::value::{Value, any_loose_eq};

pub(super) const FILTERS: &[Filter] = &[
    eager("equals", 1, 1, equals),
    eager("not_equals", 1, 1, not_equals),
    eager("greater_than", 1, 1, greater_than),
    eager("greater_than_or_equal", 1, 1, greater_than_or_equal),
    eager("less_than", 1, 1, less_than),
    eager("less_than_or_equal", 1, 1, less_than_or_equal),
    eager("odd", 0, 0, odd),
    eager("even", 0, 0, even),
    eager("in", 1, 1, in_array),
];

type Result = std::result::Result<Value, FilterError>;

fn equals(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let mut budget = context.compare_budget();
    Ok(Value::Bool(
        value.loose_eq_within(arg(args, 0), &mut budget)?,
    ))
}

fn not_equals(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let mut budget = context.compare_budget();
    Ok(Value::Bool(
        !value.loose_eq_within(arg(args, 0), &mut budget)?,
    ))
}

fn ordered(value: &Value, args: &[Value], wanted: fn(Ordering) -> bool) -> Result {
    let ordering = value
        .compare(arg(args, 0))
        .map_err(|error| FilterError::Invalid(error.0))?;
    Ok(Value::Bool(wanted(ordering)))
}

fn greater_than(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    ordered(value, args, Ordering::is_gt)
}

fn greater_than_or_equal(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    ordered(value, args, Ordering::is_ge)
}

fn less_than(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    ordered(value, args, Ordering::is_lt)
}

fn less_than_or_equal(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    ordered(value, args, Ordering::is_le)
}

fn parity(filter: &str, value: &Value) -> std::result::Result<i64, FilterError> {
    int_arg(filter, std::slice::from_ref(value), 0, None).map(|n| n.rem_euclid(2))
}

fn odd(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(parity("odd", value)? == 1))
}

fn even(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Bool(parity("even", value)? == 0))
}

/// `[1,2,3]|in:3`: whether the array holds the argument (loose equality).
fn in_array(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result {
    let needle = arg(args, 0);
    let items = array_input("in", value)?;
    let mut budget = context.compare_budget();
    Ok(Value::Bool(any_loose_eq(items, needle, &mut budget)?))
}
