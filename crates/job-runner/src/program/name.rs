//! Variable names, interned when a program is lowered: a frame finds `$x`
//! by comparing a number, where it used to hash the name on every read and
//! write. The text stays with the number for `$var`, `debug.log` and error
//! messages.

use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, Mutex, OnceLock};

/// A `$name` as the program refers to it: equal names have equal ids,
/// wherever and whenever they were lowered (functions, tests, `to_expr`).
#[derive(Clone)]
pub struct VarName {
    id: u32,
    text: Arc<str>,
}

/// Every name interned so far. Names come from source text, so the table is
/// as large as the distinct names of the jobs loaded, never of the data.
fn table() -> &'static Mutex<HashMap<Arc<str>, u32>> {
    static TABLE: OnceLock<Mutex<HashMap<Arc<str>, u32>>> = OnceLock::new();
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
                text: Arc::clone(text),
            };
        }
        let id = u32::try_from(table.len()).expect("fewer than 2^32 distinct variable names");
        let text: Arc<str> = Arc::from(text);
        table.insert(Arc::clone(&text), id);
        VarName { id, text }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The same number for the same name.
    pub(crate) fn id(&self) -> u32 {
        self.id
    }
}

impl Deref for VarName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
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
        &*self.text == other
    }
}

impl PartialEq<&str> for VarName {
    fn eq(&self, other: &&str) -> bool {
        &*self.text == *other
    }
}

/// Shown as the text alone, as the `String` it replaced was.
impl fmt::Debug for VarName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl fmt::Display for VarName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for VarName {
    fn from(text: &str) -> Self {
        VarName::new(text)
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
}
