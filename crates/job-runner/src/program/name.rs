//! Variable names, interned when a program is lowered: a frame finds `$x`
//! by comparing a number, where it used to hash the name on every read and
//! write. The text stays with the number for `$var`, `debug.log` and error
//! messages.

use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::value::{Object, Value};

/// A `$name` as the program refers to it: equal names have equal ids,
/// wherever and whenever they were lowered (functions, tests, `to_expr`).
pub struct VarName {
    id: u32,
    /// Where in its frame this use of the name last found the variable.
    /// A function sets its variables in much the same order on every call
    /// and every iteration, so this position is nearly always right and a
    /// read costs one comparison instead of a search. Only ever a guess,
    /// checked against the id.
    last_position: AtomicU32,
    text: &'static str,
}

impl Clone for VarName {
    fn clone(&self) -> Self {
        VarName {
            id: self.id,
            last_position: AtomicU32::new(self.last_position.load(Ordering::Relaxed)),
            text: self.text,
        }
    }
}

/// Every name interned so far. Names come from source text (a job's files,
/// or a `to_expr` text), and each distinct name is kept for the life of the
/// process, as the table always kept it: so a name is a `&'static str`, and
/// copying one (into a frame, a program) touches no reference count.
fn table() -> &'static Mutex<HashMap<&'static str, u32>> {
    static TABLE: OnceLock<Mutex<HashMap<&'static str, u32>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

impl VarName {
    pub fn new(text: &str) -> Self {
        // A panic elsewhere cannot leave the table half-written: each
        // insertion is one call, so a poisoned lock is still consistent.
        let mut table = table()
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((text, id)) = table.get_key_value(text) {
            return VarName {
                id: *id,
                last_position: AtomicU32::new(0),
                text,
            };
        }
        let id = u32::try_from(table.len()).expect("fewer than 2^32 distinct variable names");
        let text: &'static str = Box::leak(Box::from(text));
        table.insert(text, id);
        VarName {
            id,
            last_position: AtomicU32::new(0),
            text,
        }
    }

    pub fn as_str(&self) -> &str {
        self.text
    }

    /// The same number for the same name.
    pub(crate) fn id(&self) -> u32 {
        self.id
    }

    /// Where this use of the name last found its variable (a guess).
    pub(crate) fn position_hint(&self) -> usize {
        self.last_position.load(Ordering::Relaxed) as usize
    }

    pub(crate) fn remember_position(&self, position: usize) {
        if let Ok(position) = u32::try_from(position) {
            self.last_position.store(position, Ordering::Relaxed);
        }
    }
}

impl Deref for VarName {
    type Target = str;

    fn deref(&self) -> &str {
        self.text
    }
}

impl PartialEq for VarName {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for VarName {}

impl PartialEq<str> for VarName {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for VarName {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// Shown as the text alone, as the `String` it replaced was.
impl fmt::Debug for VarName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.text, f)
    }
}

impl fmt::Display for VarName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl From<&str> for VarName {
    fn from(text: &str) -> Self {
        VarName::new(text)
    }
}

/// A key read with `.name` (`$input.r`, `$row.total`), with the position
/// it was last found at. The objects one expression reads in a loop almost
/// always have the same shape (a function's inputs, rows of one table), so
/// that position is tried first and the hash lookup is needed only when the
/// key is not there. The hint is only ever a guess, checked against the key,
/// so a stale one costs a lookup, never a wrong answer.
pub struct FieldName {
    text: String,
    last_position: AtomicU32,
}

impl FieldName {
    pub fn new(text: String) -> Self {
        FieldName {
            text,
            last_position: AtomicU32::new(0),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The field's value in `object`, if it has the key.
    pub fn find_in<'o>(&self, object: &'o Object) -> Option<&'o Value> {
        let guess = self.last_position.load(Ordering::Relaxed) as usize;
        if let Some((key, value)) = object.get_index(guess)
            && same_short_text(key.as_bytes(), self.text.as_bytes())
        {
            return Some(value);
        }
        let (position, _, value) = object.get_full(self.text.as_str())?;
        if let Ok(position) = u32::try_from(position) {
            self.last_position.store(position, Ordering::Relaxed);
        }
        Some(value)
    }
}

/// `a == b`, for the short keys objects mostly have, without a call to
/// `memcmp`: up to 16 bytes are compared as two overlapping words (or, up
/// to three, byte by byte), which took a field read from about 80
/// instructions to about 30.
#[inline]
pub(crate) fn same_short_text(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |bytes: &[u8], at: usize| -> u64 {
        let mut chunk = [0; 8];
        chunk.copy_from_slice(&bytes[at..at + 8]);
        u64::from_ne_bytes(chunk)
    };
    let half = |bytes: &[u8], at: usize| -> u32 {
        let mut chunk = [0; 4];
        chunk.copy_from_slice(&bytes[at..at + 4]);
        u32::from_ne_bytes(chunk)
    };
    match n {
        0 => true,
        // The first, middle and last bytes are every byte of up to three.
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

impl Clone for FieldName {
    fn clone(&self) -> Self {
        FieldName::new(self.text.clone())
    }
}

impl Deref for FieldName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

/// Equal when the names are: where a read last found its key is not part
/// of the program.
impl PartialEq for FieldName {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl fmt::Debug for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_names_share_an_id_and_keep_their_text() {
        let a = VarName::new("total");
        let b = VarName::new("total");
        let c = VarName::new("totals");
        assert_eq!(a, b);
        assert_eq!(a.id(), b.id());
        assert_ne!(a, c);
        assert_eq!(a.as_str(), "total");
        assert_eq!(format!("{a:?}"), "\"total\"");
    }

    #[test]
    fn short_texts_compare_equal_exactly_when_they_are_equal() {
        let texts = [
            "",
            "a",
            "b",
            "ab",
            "abc",
            "abd",
            "abcd",
            "abce",
            "bbcd",
            "abcdefg",
            "abcdefh",
            "iterations",
            "iterationz",
            "jterations",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "bbcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(
                    same_short_text(a.as_bytes(), b.as_bytes()),
                    a == b,
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn a_field_name_finds_its_key_whatever_position_it_last_found_it_at() {
        let name = FieldName::new("b".to_owned());
        let first: Object = [("a", 1), ("b", 2)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Value::Int(v)))
            .collect();
        let moved: Object = [("b", 3), ("c", 4), ("a", 5)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Value::Int(v)))
            .collect();
        let without: Object = [("a", 6)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Value::Int(v)))
            .collect();
        for _ in 0..2 {
            assert_eq!(name.find_in(&first), Some(&Value::Int(2)));
            assert_eq!(name.find_in(&moved), Some(&Value::Int(3)));
            assert_eq!(name.find_in(&without), None);
            assert_eq!(name.find_in(&Object::default()), None);
        }
    }
}
