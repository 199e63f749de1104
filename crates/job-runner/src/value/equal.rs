//! Equality of nested values without recursion, and without walking the
//! same pair of shared parts twice.
//!
//! Values nest as deep as a job builds them, so the walk keeps its pairs on
//! a heap worklist instead of the native stack. Values share their parts,
//! so `[$r, $r]` doubled 60 times is small in memory but has 2^60 items
//! once walked; comparing it with an equal value built separately would
//! visit the same pair of parts over and over. Each pair of shared parts is
//! therefore compared once: when it comes up again, its items are already
//! on the worklist (or found equal), and any difference ends the whole
//! comparison. A part held in one place only can come up once per place
//! its holder does, so only pairs of parts held in several places (an
//! `Arc` count above one) are remembered; the common case stays free of
//! hashing.

use std::collections::HashSet;
use std::sync::Arc;

use super::Value;

/// Whether `a` and `b` are equal: arrays with arrays and objects with
/// objects item by item (the same part is equal to itself without a walk),
/// every other pair as `leaf` says.
pub(super) fn deep_equal(a: &Value, b: &Value, leaf: impl Fn(&Value, &Value) -> bool) -> bool {
    // The common case, two scalars, takes no worklist.
    if !matches!(
        (a, b),
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_))
    ) {
        return leaf(a, b);
    }
    let mut pending = vec![(a, b)];
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    while let Some((a, b)) = pending.pop() {
        let same = match (a, b) {
            (Value::Array(x), Value::Array(y)) => {
                Arc::ptr_eq(x, y)
                    || !first_time(&mut seen, x, y)
                    || (x.len() == y.len() && {
                        pending.extend(x.iter().zip(y.iter()));
                        true
                    })
            }
            (Value::Object(x), Value::Object(y)) => {
                Arc::ptr_eq(x, y)
                    || !first_time(&mut seen, x, y)
                    || (x.len() == y.len()
                        && x.iter().all(|(key, item)| match y.get(key) {
                            Some(other) => {
                                pending.push((item, other));
                                true
                            }
                            None => false,
                        }))
            }
            _ => leaf(a, b),
        };
        if !same {
            return false;
        }
    }
    true
}

/// Whether the pair `x`, `y` comes up for the first time in this walk; only
/// pairs of parts both held in several places are remembered (see above).
fn first_time<T>(seen: &mut HashSet<(usize, usize)>, x: &Arc<T>, y: &Arc<T>) -> bool {
    if Arc::strong_count(x) == 1 || Arc::strong_count(y) == 1 {
        return true;
    }
    seen.insert((Arc::as_ptr(x) as usize, Arc::as_ptr(y) as usize))
}

/// `==` on values compares them exactly, as `===` does (`1 != 1.0`).
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        deep_equal(self, other, |a, b| match (a, b) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Decimal(x), Value::Decimal(y)) => x == y,
            (Value::Text(x), Value::Text(y)) => x == y,
            (Value::Bytes(x), Value::Bytes(y)) => x == y,
            _ => false,
        })
    }
}
