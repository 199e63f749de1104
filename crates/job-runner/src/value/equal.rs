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

/// How many pairs of items the comparisons of one step (one `==`, one
/// filter call) may still walk.
///
/// Remembering shared pairs keeps equal values built apart linear, but two
/// distinct values whose parts are shared in many places can still make a
/// walk visit (parts of one) × (parts of the other) pairs: minutes of work
/// in a single step, during which neither the run-time limit nor SIGTERM is
/// looked at. Values that fit in memory without such sharing never need
/// more pairs than they have items, so the budget follows the memory limit.
#[derive(Debug, Clone)]
pub struct CompareBudget {
    left: u64,
    granted: u64,
}

/// Bytes of the memory limit per pair a comparison may walk: an item takes
/// at least 32 bytes (a `Value`), so a pair of items held apart takes 64;
/// 16 leaves four times the room any unshared pair of values needs.
const BYTES_PER_COMPARED_PAIR: u64 = 16;

impl CompareBudget {
    /// The budget of one step under a memory limit of `max_memory_bytes`.
    pub fn for_memory_limit(max_memory_bytes: u64) -> Self {
        let granted = (max_memory_bytes / BYTES_PER_COMPARED_PAIR).max(1);
        CompareBudget {
            left: granted,
            granted,
        }
    }

    /// No budget at all, for comparisons no job can reach.
    pub fn unlimited() -> Self {
        CompareBudget {
            left: u64::MAX,
            granted: u64::MAX,
        }
    }

    /// Pairs walked so far.
    #[inline]
    pub fn spent(&self) -> u64 {
        self.granted - self.left
    }

    /// Takes one pair from the budget.
    #[inline]
    fn spend(&mut self) -> Result<(), CompareLimit> {
        match self.left.checked_sub(1) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(CompareLimit {
                granted: self.granted,
            }),
        }
    }
}

/// A comparison ran out of its [`CompareBudget`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareLimit {
    granted: u64,
}

impl std::fmt::Display for CompareLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let limit_mb = self.granted.saturating_mul(BYTES_PER_COMPARED_PAIR) / (1024 * 1024);
        write!(
            f,
            "comparing these arrays or objects walked more than {} pairs of items, more than values under the memory limit of {limit_mb} MB hold unless they repeat the same parts many times over (raise it with --max-memory MB if they should compare)",
            self.granted
        )
    }
}

impl std::error::Error for CompareLimit {}

/// Whether `a` and `b` are equal: arrays with arrays and objects with
/// objects item by item (the same part is equal to itself without a walk),
/// every other pair as `leaf` says. Each pair walked inside arrays and
/// objects is taken from `budget`; two scalars take nothing (and no call).
#[inline]
pub(super) fn deep_equal(
    a: &Value,
    b: &Value,
    leaf: impl Fn(&Value, &Value) -> bool,
    budget: &mut CompareBudget,
) -> Result<bool, CompareLimit> {
    // The common case, two scalars, takes no worklist.
    if !matches!(
        (a, b),
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_))
    ) {
        return Ok(leaf(a, b));
    }
    walk(a, b, leaf, budget)
}

/// [`deep_equal`] of two arrays or two objects.
fn walk(
    a: &Value,
    b: &Value,
    leaf: impl Fn(&Value, &Value) -> bool,
    budget: &mut CompareBudget,
) -> Result<bool, CompareLimit> {
    let mut pending = vec![(a, b)];
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    while let Some((a, b)) = pending.pop() {
        budget.spend()?;
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
            return Ok(false);
        }
    }
    Ok(true)
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
/// No job reaches it (the interpreter compares with a budget, through
/// [`Value::strict_eq_within`]), so it walks without one.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.strict_eq_within(other, &mut CompareBudget::unlimited())
            .unwrap_or(false)
    }
}

impl Value {
    /// `===` within `budget`: same types, same values, nested ones included.
    #[inline]
    pub fn strict_eq_within(
        &self,
        other: &Value,
        budget: &mut CompareBudget,
    ) -> Result<bool, CompareLimit> {
        deep_equal(self, other, strict_leaf, budget)
    }
}

/// `===` of a pair that is not two arrays or two objects.
fn strict_leaf(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Decimal(x), Value::Decimal(y)) => x == y,
        (Value::Text(x), Value::Text(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        _ => false,
    }
}
