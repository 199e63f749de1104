//! The word operators outside a database filter, on values in memory, with
//! the meaning `db.query` gives them: `includes` finds text ignoring case,
//! `contains` an element of an array (or text within text), `overlaps` an
//! element two arrays share.

use super::{CompareBudget, CompareLimit, Value};
use crate::syntax::ast::MatchOp;

/// Whether `left op right` holds; elements are compared within `budget`.
pub fn matches(
    op: MatchOp,
    left: &Value,
    right: &Value,
    budget: &mut CompareBudget,
) -> Result<bool, CompareLimit> {
    Ok(match op {
        MatchOp::Includes => match (left, right) {
            (Value::Array(_), _) => contains(left, right, budget)?,
            (Value::Null, _) | (_, Value::Null) => false,
            _ => left
                .to_text()
                .to_lowercase()
                .contains(&right.to_text().to_lowercase()),
        },
        MatchOp::Contains => contains(left, right, budget)?,
        MatchOp::NotContains => !contains(left, right, budget)?,
        MatchOp::Overlaps => overlaps(left, right, budget)?,
        MatchOp::NotOverlaps => !overlaps(left, right, budget)?,
    })
}

fn contains(left: &Value, right: &Value, budget: &mut CompareBudget) -> Result<bool, CompareLimit> {
    Ok(match left {
        Value::Array(items) => any_loose_eq(items.iter(), right, budget)?,
        Value::Text(text) => !right.is_null() && text.contains(&right.to_text()),
        _ => false,
    })
}

fn overlaps(left: &Value, right: &Value, budget: &mut CompareBudget) -> Result<bool, CompareLimit> {
    if let (Value::Array(a), Value::Array(b)) = (left, right) {
        for x in a.iter() {
            if any_loose_eq(b.iter(), x, budget)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Whether any of `items` is `==` to `needle`, all within one `budget`.
pub fn any_loose_eq<'v>(
    items: impl IntoIterator<Item = &'v Value>,
    needle: &Value,
    budget: &mut CompareBudget,
) -> Result<bool, CompareLimit> {
    for item in items {
        if item.loose_eq_within(needle, budget)? {
            return Ok(true);
        }
    }
    Ok(false)
}
