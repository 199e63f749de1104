//! Function-call syntax (`syntax/functions.md`): `math.add(5, 3)` is
//! `5|add:3`, `object.keys({a: 1})` is `{a: 1}|keys`. A function is a
//! namespace and a filter's name; its first argument is the filter's subject
//! and the others are the filter's arguments, so both spellings run the same
//! implementation.
//!
//! Decision where the reference is silent: any filter may be called from any
//! of the four namespaces (`text.trim(" a ")` works although the reference
//! only lists `text.contains` and its siblings), since the filter is what
//! gives the meaning and a namespace check would only refuse working code.

use super::{Filter, lookup, names};

/// The namespaces whose functions are filters.
const NAMESPACES: &[&str] = &["math", "array", "text", "object"];

/// The filter a function such as `math.add` calls, if there is one.
pub fn function(name: &str) -> Option<&'static Filter> {
    let (namespace, filter) = name.split_once('.')?;
    if !NAMESPACES.contains(&namespace) {
        return None;
    }
    lookup(filter)
}

/// The known function closest to a misspelt one: the namespace (when it is
/// one) with the filter name closest to what follows it.
pub fn suggest_function(name: &str) -> Option<String> {
    let (namespace, filter) = name.split_once('.')?;
    let namespace = crate::suggest::closest(namespace, NAMESPACES.iter().copied())?;
    let filter = crate::suggest::closest(filter, names())?;
    Some(format!("{namespace}.{filter}"))
}
