//! Encoding and hashing filters: URL, base64, hex, digests and HMACs, UUIDs.

use base64::Engine as _;
use sha2::Digest as _;

use super::{
    Filter, FilterContext, FilterError, arg, bytes_arg, bytes_input, eager, invalid, text_input,
};
use crate::value::{Object, Value};

pub(super) const FILTERS: &[Filter] = &[
    eager("url_encode", 0, 0, url_encode),
    eager("url_decode", 0, 0, url_decode),
    eager("base64_encode", 0, 0, base64_encode),
    eager("base64_decode", 0, 0, base64_decode),
    eager("base64_encode_urlsafe", 0, 0, base64_encode_urlsafe),
    eager("base64_decode_urlsafe", 0, 0, base64_decode_urlsafe),
    eager("bin2hex", 0, 0, bin2hex),
    eager("hex2bin", 0, 0, hex2bin),
    eager("md5", 0, 1, md5),
    eager("sha1", 0, 1, sha1),
    eager("sha256", 0, 1, sha256),
    eager("sha384", 0, 1, sha384),
    eager("sha512", 0, 1, sha512),
    eager("hmac_md5", 1, 2, hmac_md5),
    eager("hmac_sha1", 1, 2, hmac_sha1),
    eager("hmac_sha256", 1, 2, hmac_sha256),
    eager("hmac_sha384", 1, 2, hmac_sha384),
    eager("hmac_sha512", 1, 2, hmac_sha512),
    eager("uuid", 0, 0, uuid),
    eager("create_uid", 0, 0, create_uid),
    eager("querystring_parse", 0, 0, querystring_parse),
];

type Result = std::result::Result<Value, FilterError>;

/// Percent-encodes everything but unreserved characters (RFC 3986), as PHP's `rawurlencode`.
pub(super) fn percent_encode(text: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`); a
/// malformed escape is kept as written.
pub(super) fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], decoded) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            (byte, None) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Refuses to percent-encode a text whose encoded form (three bytes for
/// each byte escaped) does not fit in the memory left.
pub(super) fn ensure_percent_room(
    filter: &str,
    text: &[u8],
    context: &dyn FilterContext,
) -> std::result::Result<(), FilterError> {
    let escaped = text
        .iter()
        .filter(|byte| !(byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')))
        .count();
    super::ensure_room(filter, (text.len() + 2 * escaped) as u64, context)
}

fn url_encode(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    let text = bytes_input("url_encode", value)?;
    ensure_percent_room("url_encode", &text, context)?;
    Ok(Value::Text(percent_encode(&text)))
}

/// Decodes `%XX` escapes and `+` as a space.
fn url_decode(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Text(percent_decode(
        &text_input("url_decode", value)?,
        true,
    )))
}

fn base64_encode(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = bytes_input("base64_encode", value)?;
    Ok(Value::Text(
        base64::engine::general_purpose::STANDARD.encode(text),
    ))
}

fn decode_with(filter: &str, engine: &impl base64::Engine, value: &Value) -> Result {
    let text = text_input(filter, value)?;
    let bytes = engine
        .decode(text.trim())
        .map_err(|error| FilterError::Invalid(format!("`{filter}`: not valid base64 ({error})")))?;
    // Bytes that are not UTF-8 (a ciphertext, an image) stay binary text.
    Ok(Value::from_bytes(bytes))
}

fn base64_decode(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    decode_with(
        "base64_decode",
        &base64::engine::general_purpose::STANDARD,
        value,
    )
}

fn base64_encode_urlsafe(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = bytes_input("base64_encode_urlsafe", value)?;
    Ok(Value::Text(
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text),
    ))
}

fn base64_decode_urlsafe(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("base64_decode_urlsafe", value)?;
    let trimmed = Value::Text(text.trim_end_matches('=').to_owned());
    decode_with(
        "base64_decode_urlsafe",
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        &trimmed,
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn bin2hex(value: &Value, _: &[Value], context: &mut dyn FilterContext) -> Result {
    let bytes = bytes_input("bin2hex", value)?;
    super::ensure_room("bin2hex", 2 * bytes.len() as u64, context)?;
    Ok(Value::Text(hex(&bytes)))
}

fn hex2bin(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("hex2bin", value)?;
    if text.len() % 2 != 0 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return invalid("`hex2bin` needs an even number of hexadecimal digits");
    }
    let bytes: Vec<u8> = (0..text.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect();
    Ok(Value::from_bytes(bytes))
}

/// Hex digest by default; `true` as the argument asks for the raw bytes,
/// binary text (which JSON shows in base64, and `base64_encode` writes).
fn digest_output(raw: &[u8], args: &[Value]) -> Value {
    if arg(args, 0).is_truthy() {
        Value::from_bytes(raw.to_vec())
    } else {
        Value::Text(hex(raw))
    }
}

fn md5(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let raw = md5::Md5::digest(bytes_input("md5", value)?);
    Ok(digest_output(&raw, args))
}

fn sha1(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let raw = sha1::Sha1::digest(bytes_input("sha1", value)?);
    Ok(digest_output(&raw, args))
}

fn sha256(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let raw = sha2::Sha256::digest(bytes_input("sha256", value)?);
    Ok(digest_output(&raw, args))
}

fn sha384(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let raw = sha2::Sha384::digest(bytes_input("sha384", value)?);
    Ok(digest_output(&raw, args))
}

fn sha512(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    let raw = sha2::Sha512::digest(bytes_input("sha512", value)?);
    Ok(digest_output(&raw, args))
}

/// `"msg"|hmac_sha256:"key"`: hex by default, base64 of the raw bytes when the second argument is true.
fn hmac_with<M: hmac::Mac + hmac::digest::KeyInit>(
    filter: &str,
    value: &Value,
    args: &[Value],
) -> Result {
    let key = bytes_arg(filter, args, 0)?;
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(&key)
        .map_err(|_| FilterError::Invalid(format!("`{filter}`: unusable key")))?;
    mac.update(&bytes_input(filter, value)?);
    let raw = mac.finalize().into_bytes();
    Ok(digest_output(&raw, &args[1.min(args.len())..]))
}

fn hmac_md5(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    hmac_with::<hmac::Hmac<md5::Md5>>("hmac_md5", value, args)
}

fn hmac_sha1(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    hmac_with::<hmac::Hmac<sha1::Sha1>>("hmac_sha1", value, args)
}

fn hmac_sha256(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    hmac_with::<hmac::Hmac<sha2::Sha256>>("hmac_sha256", value, args)
}

fn hmac_sha384(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    hmac_with::<hmac::Hmac<sha2::Sha384>>("hmac_sha384", value, args)
}

fn hmac_sha512(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result {
    hmac_with::<hmac::Hmac<sha2::Sha512>>("hmac_sha512", value, args)
}

fn uuid(_: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Text(uuid::Uuid::new_v4().to_string()))
}

/// `|create_uid`: a random positive 63-bit int, unique enough for ids (the
/// reference shows a 17-digit number; its exact scheme is not documented).
fn create_uid(_: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    Ok(Value::Int(rand::random_range(1..=i64::MAX)))
}

/// `"a=1&b=2"|querystring_parse` → `{a:"1", b:"2"}`.
fn querystring_parse(value: &Value, _: &[Value], _: &mut dyn FilterContext) -> Result {
    let text = text_input("querystring_parse", value)?;
    let object: Object = url::form_urlencoded::parse(text.trim_start_matches('?').as_bytes())
        .map(|(k, v)| (k.into_owned(), Value::Text(v.into_owned())))
        .collect();
    Ok(Value::object(object))
}
