//! The word operators outside a database filter, on values in memory, with
//! the meaning `db.query` gives them: `includes` finds text ignoring case,
//! `contains` an element of an array (or text within text), `overlaps` an
//! element two arrays share.

use super::Value;
use crate::syntax::ast::MatchOp;

pub fn matches(op: MatchOp, left: &Value, right: &Value) -> bool {
    match op {
        MatchOp::Includes => match (left, right) {
            (Value::Array(_), _) => contains(left, right),
            (Value::Null, _) | (_, Value::Null) => false,
            _ => left
                .to_text()
                .to_lowercase()
                .contains(&right.to_text().to_lowercase()),
        },
        MatchOp::Contains => contains(left, right),
        MatchOp::NotContains => !contains(left, right),
        MatchOp::Overlaps => overlaps(left, right),
        MatchOp::NotOverlaps => !overlaps(left, right),
    }
}

fn contains(left: &Value, right: &Value) -> bool {
    match left {
        Value::Array(items) => items.iter().any(|item| item.loose_eq(right)),
        Value::Text(text) => !right.is_null() && text.contains(&right.to_text()),
        _ => false,
    }
}

fn overlaps(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Array(a), Value::Array(b)) => a.iter().any(|x| b.iter().any(|y| x.loose_eq(y))),
        _ => false,
    }
}
