//! The parts an array or object value shares: its items, its fields.
//!
//! They are thin wrappers of a `Vec` and an [`Object`], and read and change
//! as those do (through `Deref`), for one reason: dropping them never
//! recurses. A job can nest values as deep as its memory allows
//! (`var.update $v { value = [$v] }` in a loop), and the drop glue Rust
//! would generate walks such a chain on the native stack, one frame group
//! per level, until the process overflows it and aborts. Here a part whose
//! items hold further arrays or objects hands them to a heap worklist
//! instead, so a drop takes stack of constant depth whatever the nesting.
//!
//! The fast path stays as cheap as the generated glue: a part whose items
//! are all scalars (or empty containers) is dropped as a plain `Vec` or map
//! after one scan of its items' tags.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use super::{Object, Value};

/// The items of an array value.
#[derive(Clone, Default)]
pub struct Items(Vec<Value>);

/// The fields of an object value.
#[derive(Clone, Default)]
pub struct Fields(Object);

/// Whether dropping `value` could reach further into nested parts: an
/// array or object with anything in it. (Shared ones count too: telling
/// whether this holder is the last one costs more than handing them on.)
fn holds_parts(value: &Value) -> bool {
    match value {
        Value::Array(items) => !items.0.is_empty(),
        Value::Object(fields) => !fields.0.is_empty(),
        _ => false,
    }
}

/// Drops `work` and everything nested in it without recursing: each value
/// whose parts this was the last holder of gives up its nested items to
/// the worklist first, so its own drop only ever sees scalars.
fn dismantle(mut work: Vec<Value>) {
    while let Some(mut value) = work.pop() {
        match &mut value {
            Value::Array(items) => {
                if let Some(items) = Arc::get_mut(items)
                    && items.0.iter().any(holds_parts)
                {
                    work.append(&mut items.0);
                }
            }
            Value::Object(fields) => {
                if let Some(fields) = Arc::get_mut(fields)
                    && fields.0.values().any(holds_parts)
                {
                    work.extend(fields.0.drain(..).map(|(_, item)| item));
                }
            }
            _ => {}
        }
        // `value` drops here, holding no nested parts (or shared ones,
        // whose drop only lowers a count).
    }
}

impl Drop for Items {
    fn drop(&mut self) {
        if self.0.iter().any(holds_parts) {
            dismantle(std::mem::take(&mut self.0));
        }
    }
}

impl Drop for Fields {
    fn drop(&mut self) {
        if self.0.values().any(holds_parts) {
            dismantle(self.0.drain(..).map(|(_, item)| item).collect());
        }
    }
}

impl Items {
    /// The items as a plain `Vec`, leaving this part empty.
    pub fn into_vec(mut self) -> Vec<Value> {
        std::mem::take(&mut self.0)
    }
}

impl Fields {
    /// The fields as a plain [`Object`], leaving this part empty.
    pub fn into_object(mut self) -> Object {
        std::mem::take(&mut self.0)
    }
}

impl Deref for Items {
    type Target = Vec<Value>;
    fn deref(&self) -> &Vec<Value> {
        &self.0
    }
}

impl DerefMut for Items {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.0
    }
}

impl Deref for Fields {
    type Target = Object;
    fn deref(&self) -> &Object {
        &self.0
    }
}

impl DerefMut for Fields {
    fn deref_mut(&mut self) -> &mut Object {
        &mut self.0
    }
}

impl From<Vec<Value>> for Items {
    fn from(items: Vec<Value>) -> Self {
        Items(items)
    }
}

impl From<Items> for Vec<Value> {
    fn from(items: Items) -> Self {
        items.into_vec()
    }
}

impl From<Object> for Fields {
    fn from(object: Object) -> Self {
        Fields(object)
    }
}

impl From<Fields> for Object {
    fn from(fields: Fields) -> Self {
        fields.into_object()
    }
}

impl IntoIterator for Items {
    type Item = Value;
    type IntoIter = std::vec::IntoIter<Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a Items {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for Fields {
    type Item = (String, Value);
    type IntoIter = indexmap::map::IntoIter<String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_object().into_iter()
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a String, &'a Value);
    type IntoIter = indexmap::map::Iter<'a, String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl std::fmt::Debug for Items {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
