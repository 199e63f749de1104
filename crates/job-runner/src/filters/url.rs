//! URL filters: reading and changing a URL's query arguments, splitting a
//! URL into its parts (as PHP's `parse_url`), and RFC 3986 percent-encoding.
//!
//! Decisions where the reference is silent:
//! - `url_addarg` replaces an argument that is already there instead of
//!   adding a second one with the same key;
//! - `url_parse` gives only the parts the URL has, as PHP does, with `port`
//!   as an int.

use super::encode::{percent_decode, percent_encode};
use super::{Filter, FilterContext, FilterError, arg, eager, text_arg, text_input};
use crate::value::{Object, Value};

pub(super) const FILTERS: &[Filter] = &[
    eager("url_addarg", 2, 3, url_addarg),
    eager("url_delarg", 1, 1, url_delarg),
    eager("url_hasarg", 1, 1, url_hasarg),
    eager("url_getarg", 1, 2, url_getarg),
    eager("url_parse", 0, 0, url_parse),
    eager("url_encode_rfc3986", 0, 0, url_encode_rfc3986),
    eager("url_decode_rfc3986", 0, 0, url_decode_rfc3986),
];

type Result = std::result::Result<Value, FilterError>;

/// A URL cut at its query and fragment: `base?query#fragment`.
struct Split<'u> {
    base: &'u str,
    query: Option<&'u str>,
    fragment: Option<&'u str>,
}

fn split(url: &str) -> Split<'_> {
    let (rest, fragment) = match url.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (url, None),
    };
    let (base, query) = match rest.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (rest, None),
    };
    Split {
        base,
        query,
        fragment,
    }
}

/// The `key=value` pairs of a query, still encoded.
fn pairs(query: Option<&str>) -> Vec<(&str, &str)> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect()
}

fn decoded_key(key: &str) -> String {
    percent_decode(key, true)
}

fn join(split: &Split<'_>, pairs: &[(String, String)]) -> String {
    let mut url = split.base.to_owned();
    if !pairs.is_empty() {
        url.push('?');
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        url.push_str(&query.join("&"));
    }
    if let Some(fragment) = split.fragment {
        url.push('#');
        url.push_str(fragment);
    }
    url
}

/// `"https://a.com?x=1"|url_addarg:"y":"two words"` → `...?x=1&y=two+words`;
/// a third argument `true` encodes spaces as `%20` (RFC 3986).
fn url_addarg(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let url = text_input("url_addarg", value)?;
    let key = text_arg("url_addarg", args, 0)?;
    let rfc3986 = arg(args, 2).is_truthy();
    let encode = |text: &str| {
        let encoded = percent_encode(text.as_bytes());
        if rfc3986 {
            encoded
        } else {
            encoded.replace("%20", "+")
        }
    };
    let parts = split(&url);
    let mut kept: Vec<(String, String)> = Vec::new();
    let mut replaced = false;
    let new_value = encode(&text_arg("url_addarg", args, 1)?);
    for (k, v) in pairs(parts.query) {
        if decoded_key(k) == key {
            if !replaced {
                kept.push((k.to_owned(), new_value.clone()));
                replaced = true;
            }
        } else {
            kept.push((k.to_owned(), v.to_owned()));
        }
    }
    if !replaced {
        kept.push((encode(&key), new_value));
    }
    Ok(Value::Text(join(&parts, &kept)))
}

fn url_delarg(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let url = text_input("url_delarg", value)?;
    let key = text_arg("url_delarg", args, 0)?;
    let parts = split(&url);
    let kept: Vec<(String, String)> = pairs(parts.query)
        .into_iter()
        .filter(|(k, _)| decoded_key(k) != key)
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Ok(Value::Text(join(&parts, &kept)))
}

fn url_hasarg(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let url = text_input("url_hasarg", value)?;
    let key = text_arg("url_hasarg", args, 0)?;
    Ok(Value::Bool(
        pairs(split(&url).query)
            .iter()
            .any(|(k, _)| decoded_key(k) == key),
    ))
}

/// The decoded value of an argument, or the default (empty text) when absent.
fn url_getarg(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let url = text_input("url_getarg", value)?;
    let key = text_arg("url_getarg", args, 0)?;
    let found = pairs(split(&url).query)
        .into_iter()
        .find(|(k, _)| decoded_key(k) == key);
    Ok(match (found, args.get(1)) {
        (Some((_, v)), _) => Value::Text(percent_decode(v, true)),
        (None, Some(default)) => default.clone(),
        (None, None) => Value::Text(String::new()),
    })
}

/// `scheme://user:pass@host:port/path?query#fragment`, each part when present.
fn url_parse(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let url = text_input("url_parse", value)?;
    let parts = split(&url);
    let mut out = Object::default();
    let mut path = parts.base;
    let scheme_end = parts.base.find("://").filter(|&end| {
        let scheme = &parts.base[..end];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if let Some(end) = scheme_end {
        out.insert("scheme".into(), Value::from(&parts.base[..end]));
        let rest = &parts.base[end + 3..];
        let (authority, after) = match rest.find('/') {
            Some(slash) => (&rest[..slash], &rest[slash..]),
            None => (rest, ""),
        };
        path = after;
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, authority),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
                (host, port.parse::<i64>().ok())
            }
            _ => (hostport, None),
        };
        out.insert("host".into(), Value::from(host));
        if let Some(port) = port {
            out.insert("port".into(), Value::Int(port));
        }
        if let Some(userinfo) = userinfo {
            let (user, pass) = match userinfo.split_once(':') {
                Some((user, pass)) => (user, Some(pass)),
                None => (userinfo, None),
            };
            out.insert("user".into(), Value::from(user));
            if let Some(pass) = pass {
                out.insert("pass".into(), Value::from(pass));
            }
        }
    }
    if !path.is_empty() {
        out.insert("path".into(), Value::from(path));
    }
    if let Some(query) = parts.query {
        out.insert("query".into(), Value::from(query));
    }
    if let Some(fragment) = parts.fragment {
        out.insert("fragment".into(), Value::from(fragment));
    }
    Ok(Value::object(out))
}

fn url_encode_rfc3986(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    let text = super::bytes_input("url_encode_rfc3986", value)?;
    super::encode::ensure_percent_room("url_encode_rfc3986", &text, context)?;
    Ok(Value::Text(percent_encode(&text)))
}

/// As `url_decode`, but `+` stays a plus (RFC 3986 has no `+` for spaces).
fn url_decode_rfc3986(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Text(percent_decode(
        &text_input("url_decode_rfc3986", value)?,
        false,
    )))
}
