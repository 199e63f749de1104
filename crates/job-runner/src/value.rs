//! Runtime values of XanoScript: JSON's shapes, with int and decimal kept apart
//! as Xano keeps them.
//!
//! Arrays and objects are shared: cloning a value copies a pointer, and a
//! change through [`Value::array_mut`] / [`Value::object_mut`] (or
//! `Arc::make_mut`) copies the items only when another value still holds
//! them. Passing a board into `function.run`, reading `$input.board` or
//! returning it therefore costs a reference count, as in CPython, while
//! every value still behaves as a copy.

use std::sync::Arc;

use indexmap::IndexMap;

/// How object keys and variable names are hashed: foldhash, seeded per
/// process. SipHash (the std default) cost a quarter of a recursive job's
/// time hashing short names; foldhash is several times faster on them and
/// still randomly seeded, so crafted keys cannot be aimed at one bucket.
pub type KeyHasher = foldhash::fast::RandomState;

/// An object: keys keep their insertion order, as in Xano's JSON output.
/// Build one with `Object::default()` or by collecting pairs.
pub type Object = IndexMap<String, Value, KeyHasher>;

/// The items of an array value, shared until one holder changes them.
pub type Array = Arc<Items>;

/// The fields of an object value, shared until one holder changes them.
pub type SharedObject = Arc<Fields>;

/// `==` on values compares them structurally, exactly (`1 != 1.0`); it is
/// written out in `equal.rs` so that it never recurses on nested values.
/// `Debug` is written out below, so that it stops at a depth.
#[derive(Clone, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Decimal(f64),
    Text(String),
    /// Bytes that are not UTF-8 text (what `encrypt`, `base64_decode` or a
    /// raw digest make), since Xano's texts are PHP's byte strings. Valid
    /// UTF-8 is always a `Text` instead: build these with
    /// [`Value::from_bytes`]. They serialise as base64 (JSON has no bytes).
    Bytes(Vec<u8>),
    Array(Array),
    Object(SharedObject),
}

/// How deep arrays and objects may nest in a value that is written out
/// (the response, `debug.log`, `json_encode`, `to_text`, `~`, a request
/// body). Writers (serde's serialisers, the CLI's redaction) walk a value on
/// the native stack, a frame group per level, so an unbounded depth would
/// overflow a thread's stack and abort the process. JSON read from outside
/// nests at most 128 deep (serde_json's and our YAML limit); 2,000 leaves
/// room for deep-but-sane documents built by a job, and a debug build
/// writes that on a 2 MB thread (a tokio worker's) with room to spare.
pub const MAX_WRITTEN_DEPTH: usize = 2_000;

/// What [`Value::written_extent`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenExtent {
    /// Within both limits.
    Fits,
    /// More values than the limit asked for.
    TooLarge,
    /// Arrays or objects nested deeper than [`MAX_WRITTEN_DEPTH`].
    TooDeep,
}

impl Value {
    /// An array value owning `items`.
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Arc::new(Items::from(items)))
    }

    /// An object value owning `object`.
    pub fn object(object: Object) -> Value {
        Value::Object(Arc::new(Fields::from(object)))
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The items to change in place, copied first only if they are shared.
    pub fn array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Array(items) => Some(&mut **Arc::make_mut(items)),
            _ => None,
        }
    }

    /// The fields to change in place, copied first only if they are shared.
    pub fn object_mut(&mut self) -> Option<&mut Object> {
        match self {
            Value::Object(object) => Some(&mut **Arc::make_mut(object)),
            _ => None,
        }
    }

    /// Whether this value, written out in full, has at most `limit` values in
    /// it (itself, items and fields, nested ones included). Shared parts
    /// count once per place they appear, as writing them out repeats them:
    /// `[$r, $r]` doubled 60 times is small in memory but not as JSON.
    /// Stops counting at the limit.
    pub fn written_size_within(&self, limit: u64) -> bool {
        self.written_extent(limit) != WrittenExtent::TooLarge
    }

    /// Whether this value can be written out: at most `limit` values in it
    /// (as [`Value::written_size_within`] counts them) and arrays and
    /// objects nested at most [`MAX_WRITTEN_DEPTH`] deep. The walk keeps its
    /// own stack, so a value of any depth is measured without recursion, and
    /// stops at the first limit it passes.
    pub fn written_extent(&self, limit: u64) -> WrittenExtent {
        /// The values still to count at one level of nesting.
        enum Level<'v> {
            Items(std::slice::Iter<'v, Value>),
            Fields(indexmap::map::Values<'v, String, Value>),
        }
        let mut left = limit;
        let mut levels: Vec<Level<'_>> = Vec::new();
        let mut next = Some(self);
        loop {
            if let Some(value) = next.take() {
                if left == 0 {
                    return WrittenExtent::TooLarge;
                }
                left -= 1;
                let level = match value {
                    Value::Array(items) => Level::Items(items.iter()),
                    Value::Object(fields) => Level::Fields(fields.values()),
                    _ => continue,
                };
                if levels.len() == MAX_WRITTEN_DEPTH {
                    return WrittenExtent::TooDeep;
                }
                levels.push(level);
            }
            let Some(level) = levels.last_mut() else {
                return WrittenExtent::Fits;
            };
            next = match level {
                Level::Items(items) => items.next(),
                Level::Fields(fields) => fields.next(),
            };
            if next.is_none() {
                levels.pop();
            }
        }
    }

    /// The items of an array value, without copying them when this value
    /// was their only holder.
    pub fn into_array(self) -> Option<Vec<Value>> {
        match self {
            Value::Array(items) => Some(Arc::unwrap_or_clone(items).into_vec()),
            _ => None,
        }
    }

    /// The fields of an object value, without copying them when this value
    /// was their only holder.
    pub fn into_object(self) -> Option<Object> {
        match self {
            Value::Object(object) => Some(Arc::unwrap_or_clone(object).into_object()),
            _ => None,
        }
    }

    /// The type's name as XanoScript authors know it, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Decimal(_) => "decimal",
            Value::Text(_) => "text",
            Value::Bytes(_) => "binary text",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(object) => Some(object),
            _ => None,
        }
    }

    /// Serialises to JSON; decimals that are not finite become `null`, as JSON has no NaN.
    ///
    /// Arrays and objects nested deeper than [`MAX_WRITTEN_DEPTH`] are
    /// written as `null` there: the JSON tree is walked recursively by
    /// whoever gets it, so it must never be deeper. The places a value
    /// leaves a run (the response, logs, `json_encode`, `to_text`) refuse
    /// such a value with a limit error first; this is the backstop.
    pub fn to_json(&self) -> serde_json::Value {
        self.to_json_within(MAX_WRITTEN_DEPTH)
    }

    fn to_json_within(&self, depth_left: usize) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Decimal(d) => serde_json::Number::from_f64(*d)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Text(text) => serde_json::Value::String(text.clone()),
            Value::Bytes(bytes) => serde_json::Value::String(bytes_as_base64(bytes)),
            Value::Array(_) | Value::Object(_) if depth_left == 0 => serde_json::Value::Null,
            Value::Array(items) => serde_json::Value::Array(
                items
                    .iter()
                    .map(|item| item.to_json_within(depth_left - 1))
                    .collect(),
            ),
            Value::Object(object) => serde_json::Value::Object(
                object
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_json_within(depth_left - 1)))
                    .collect(),
            ),
        }
    }

    /// Reads JSON; numbers that fit in i64 are ints, every other number a decimal.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Decimal(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(text) => Value::Text(text.clone()),
            serde_json::Value::Array(items) => {
                Value::array(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(object) => Value::object(
                object
                    .iter()
                    .map(|(key, value)| (key.clone(), Value::from_json(value)))
                    .collect(),
            ),
        }
    }
}

thread_local! {
    /// How many arrays and objects the serialiser on this thread is inside:
    /// serde walks a value on the native stack, so [`Value`]'s `Serialize`
    /// refuses to go deeper than [`MAX_WRITTEN_DEPTH`] rather than overflow it.
    static SERIALIZING_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of nesting entered by the serialiser, left when dropped (also
/// when the serialiser fails half-way).
struct SerializingLevel;

impl SerializingLevel {
    fn enter<E: serde::ser::Error>() -> Result<Self, E> {
        SERIALIZING_DEPTH.with(|depth| {
            if depth.get() >= MAX_WRITTEN_DEPTH {
                return Err(E::custom(format!(
                    "arrays or objects nested more than {MAX_WRITTEN_DEPTH} deep cannot be written out"
                )));
            }
            depth.set(depth.get() + 1);
            Ok(SerializingLevel)
        })
    }
}

impl Drop for SerializingLevel {
    fn drop(&mut self) {
        SERIALIZING_DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}

/// Levels of nesting `Debug` writes before it writes `…` instead:
/// formatting recurses a few frames per level, heavier ones than a
/// serialiser's, and a value can nest as deep as a job builds it.
const MAX_DEBUG_DEPTH: usize = 200;

thread_local! {
    /// How many arrays and objects `Debug` on this thread is inside.
    static DEBUG_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Null => f.write_str("Null"),
            Value::Bool(b) => f.debug_tuple("Bool").field(b).finish(),
            Value::Int(i) => f.debug_tuple("Int").field(i).finish(),
            Value::Decimal(d) => f.debug_tuple("Decimal").field(d).finish(),
            Value::Text(text) => f.debug_tuple("Text").field(text).finish(),
            Value::Bytes(bytes) => f.debug_tuple("Bytes").field(bytes).finish(),
            Value::Array(_) | Value::Object(_) => {
                let depth = DEBUG_DEPTH.with(|depth| depth.get());
                let name = if let Value::Array(_) = self {
                    "Array"
                } else {
                    "Object"
                };
                if depth >= MAX_DEBUG_DEPTH {
                    return write!(f, "{name}(…)");
                }
                DEBUG_DEPTH.with(|level| level.set(depth + 1));
                let written = match self {
                    Value::Array(items) => f.debug_tuple(name).field(items).finish(),
                    Value::Object(fields) => f.debug_tuple(name).field(fields).finish(),
                    _ => Ok(()),
                };
                DEBUG_DEPTH.with(|level| level.set(depth));
                written
            }
        }
    }
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Decimal(d) if d.is_finite() => serializer.serialize_f64(*d),
            Value::Decimal(_) => serializer.serialize_unit(),
            Value::Text(text) => serializer.serialize_str(text),
            Value::Bytes(bytes) => serializer.serialize_str(&bytes_as_base64(bytes)),
            Value::Array(items) => {
                let _level = SerializingLevel::enter()?;
                serializer.collect_seq(items.iter())
            }
            Value::Object(object) => {
                let _level = SerializingLevel::enter()?;
                serializer.collect_map(object.iter())
            }
        }
    }
}

impl Value {
    /// Bytes as a value: text when they are UTF-8, binary text otherwise.
    pub fn from_bytes(bytes: Vec<u8>) -> Value {
        match String::from_utf8(bytes) {
            Ok(text) => Value::Text(text),
            Err(error) => Value::Bytes(error.into_bytes()),
        }
    }

    /// The bytes of text or binary text; `None` for other values.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Text(text) => Some(text.as_bytes()),
            Value::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }
}

/// How binary text is written where only text can go (JSON, logs, `~` with
/// text): standard base64, padded, as `base64_encode` writes it.
pub fn bytes_as_base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl From<serde_json::Value> for Value {
    fn from(json: serde_json::Value) -> Self {
        Value::from_json(&json)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(text)
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        Value::array(items)
    }
}

impl From<Object> for Value {
    fn from(object: Object) -> Self {
        Value::object(object)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

mod equal;
mod matching;
mod ops;
mod parts;
mod text;

pub use equal::{CompareBudget, CompareLimit};
pub use parts::{Fields, Items};

pub use matching::{any_loose_eq, matches};
pub use ops::{
    Number, OpError, add, bit_and, bit_not, bit_or, bit_xor, concat, div, mul, negate,
    parse_number, rem, shift_left, shift_right, sub,
};
pub use text::format_decimal;

#[cfg(test)]
mod tests {
    use super::*;

    /// `1` wrapped in an array `depth` times.
    fn nested(depth: usize) -> Value {
        (0..depth).fold(Value::Int(1), |inner, _| Value::array(vec![inner]))
    }

    #[test]
    fn debug_of_a_value_nested_300000_deep_stops_at_its_depth() {
        // On a thread of 2 MB, a tokio worker's: unbounded, this overflows.
        let written = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                (
                    format!("{:?}", nested(300_000)),
                    format!("{:#?}", nested(300_000)),
                )
            })
            .expect("spawn")
            .join()
            .expect("no overflow");
        for text in [written.0, written.1] {
            assert_eq!(text.matches("Array(").count(), MAX_DEBUG_DEPTH + 1);
            assert!(text.contains("Array(…)"), "{}", &text[text.len() - 200..]);
        }
    }

    #[test]
    fn debug_of_a_shallow_value_is_written_in_full() {
        assert_eq!(format!("{:?}", nested(2)), "Array([Array([Int(1)])])");
        let object = Value::object(Object::from_iter([("a".to_owned(), Value::Null)]));
        assert_eq!(format!("{object:?}"), "Object({\"a\": Null})");
    }
}
