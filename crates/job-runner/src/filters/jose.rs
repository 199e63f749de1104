//! JSON Web Signatures and Encryption, in compact form (RFC 7515, 7516,
//! 7518): `jws_encode`/`jws_decode` with HMAC (HS256, HS384, HS512) and
//! `jwe_encode`/`jwe_decode` with AES key wrap (A128KW..A256KW), AES-GCM key
//! wrap (A128GCMKW..A256GCMKW) or `dir`, and AES-GCM or AES-CBC with HMAC
//! content encryption.
//!
//! The value is the payload, written as JSON (`"hello"` becomes `"hello"`,
//! an object its claims); decoding reads it back (a payload that is not
//! JSON comes back as text). A key is text (its bytes) or an `oct` JWK
//! object (`{kty: "oct", k: base64url}`). RSA and EC algorithms (RS*, PS*,
//! ES*, RSA-OAEP, ECDH-ES) need key types the runner does not read: they
//! are refused by name. Errors never show the key, the token or the payload.

use base64::Engine as _;

use super::crypto::{cbc_decrypt, cbc_encrypt, gcm_decrypt, gcm_encrypt};
use super::{Filter, FilterContext, FilterError, arg, bytes_input, eager, int_arg, invalid};
use crate::value::{CompareBudget, Object, Value};

pub(super) const FILTERS: &[Filter] = &[
    eager("jws_encode", 2, 4, jws_encode),
    eager("jws_decode", 2, 4, jws_decode),
    eager("jwe_encode", 2, 5, jwe_encode),
    eager("jwe_decode", 2, 5, jwe_decode),
];

type Result<T> = std::result::Result<T, FilterError>;

fn fail<T>(filter: &str, why: impl std::fmt::Display) -> Result<T> {
    invalid(format!("`{filter}`: {why}"))
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(filter: &str, part: &str, what: &str) -> Result<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .or_else(|_| fail(filter, format!("the token's {what} is not base64url")))
}

/// A key argument's bytes: text as its bytes, or an `oct` JWK's `k`.
fn key(filter: &str, args: &[Value], i: usize) -> Result<Vec<u8>> {
    let bytes = match arg(args, i) {
        Value::Object(jwk) => match jwk.get("kty").map(Value::to_text).as_deref() {
            Some("oct") => match jwk.get("k") {
                Some(Value::Text(k)) => unb64(filter, k, "key's `k`")
                    .or_else(|_| fail(filter, "the JWK's `k` is not base64url"))?,
                _ => return fail(filter, "an `oct` JWK needs its key as `k`"),
            },
            Some(kty) => {
                return fail(
                    filter,
                    format!(
                        "a `{kty}` key is not supported here: use a shared secret (text or an `oct` JWK)"
                    ),
                );
            }
            None => {
                return fail(
                    filter,
                    "a JWK key needs `kty` (only `oct` keys are read here)",
                );
            }
        },
        Value::Null => return fail(filter, format!("argument {} (the key) is missing", i + 1)),
        other => bytes_input(filter, other)?.into_owned(),
    };
    if bytes.is_empty() {
        return fail(filter, "the key is empty");
    }
    Ok(bytes)
}

/// An algorithm argument (`HS256`, `"A256KW"`), or its default.
fn name(args: &[Value], i: usize, default: &str) -> String {
    match arg(args, i) {
        Value::Null => default.to_owned(),
        other => other.to_text().to_ascii_uppercase(),
    }
}

/// The headers argument: an object, or nothing.
fn headers(filter: &str, args: &[Value]) -> Result<Object> {
    match arg(args, 0) {
        Value::Object(headers) => Ok(Object::clone(headers)),
        Value::Null => Ok(Object::default()),
        Value::Array(items) if items.is_empty() => Ok(Object::default()),
        other => fail(
            filter,
            format!("the headers must be an object, got {}", other.type_name()),
        ),
    }
}

/// The payload: the value as JSON, with `iat` and `exp` claims added when
/// a ttl is given (which needs the value to be an object of claims).
fn payload(filter: &str, value: &Value, ttl: i64, now_ms: i64) -> Result<Vec<u8>> {
    let mut value = value.clone();
    if ttl > 0 {
        let now = now_ms.div_euclid(1000);
        match &mut value {
            Value::Object(claims) => {
                let claims = std::sync::Arc::make_mut(claims);
                claims.entry("iat".to_owned()).or_insert(Value::Int(now));
                claims.insert("exp".to_owned(), Value::Int(now.saturating_add(ttl)));
            }
            Value::Null => {
                value = Value::object(Object::from_iter([
                    ("iat".to_owned(), Value::Int(now)),
                    ("exp".to_owned(), Value::Int(now.saturating_add(ttl))),
                ]));
            }
            other => {
                return fail(
                    filter,
                    format!(
                        "a ttl is written as an `exp` claim, so the value must be an object of claims, not {}",
                        other.type_name()
                    ),
                );
            }
        }
    }
    serde_json::to_vec(&value).or_else(|_| fail(filter, "the value cannot be written as JSON"))
}

/// The protected header: `alg` (and `enc`) first, then the caller's own.
fn protected(filter: &str, fixed: &[(&str, &str)], extra: Object) -> Result<String> {
    let mut header = Object::default();
    for (key, value) in fixed {
        if let Some(given) = extra.get(*key)
            && given.to_text() != *value
        {
            return fail(
                filter,
                format!(
                    "the headers say `{key}` is {}, the argument says {value}",
                    given.short_display()
                ),
            );
        }
        header.insert((*key).to_owned(), Value::from(*value));
    }
    for (key, value) in extra {
        header.entry(key).or_insert(value);
    }
    Ok(b64(&serde_json::to_vec(&header).unwrap_or_default()))
}

/// Reads a token's header and checks that it names the algorithms the
/// caller expects: a token never chooses its own algorithm.
fn read_header(filter: &str, part: &str, expected: &[(&str, &str)]) -> Result<Object> {
    let bytes = unb64(filter, part, "header")?;
    let Ok(serde_json::Value::Object(json)) = serde_json::from_slice::<serde_json::Value>(&bytes)
    else {
        return fail(filter, "the token's header is not a JSON object");
    };
    let header = match Value::from_json(&serde_json::Value::Object(json)) {
        Value::Object(header) => Object::clone(&header),
        _ => Object::default(),
    };
    for (key, wanted) in expected {
        let found = header.get(*key).map(Value::to_text).unwrap_or_default();
        if !found.eq_ignore_ascii_case(wanted) {
            return fail(
                filter,
                format!("the token's `{key}` is `{found}`, not the `{wanted}` asked for"),
            );
        }
    }
    Ok(header)
}

/// The payload as a value (JSON, else text), after the time claims and
/// `check_claims` are verified.
fn claims(
    filter: &str,
    bytes: Vec<u8>,
    args: &[Value],
    drift_at: usize,
    now_ms: i64,
) -> Result<Value> {
    let value = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(json) => Value::from_json(&json),
        Err(_) => Value::from_bytes(bytes),
    };
    let drift = int_arg(filter, args, drift_at, Some(0))?.max(0);
    let now = now_ms.div_euclid(1000);
    if let Value::Object(claims) = &value {
        let number = |name: &str| {
            claims
                .get(name)
                .and_then(Value::to_number)
                .map(|n| n.as_f64() as i64)
        };
        if let Some(exp) = number("exp")
            && now > exp.saturating_add(drift)
        {
            return fail(filter, format!("the token expired at {exp} (now {now})"));
        }
        if let Some(nbf) = number("nbf")
            && now.saturating_add(drift) < nbf
        {
            return fail(
                filter,
                format!("the token is not valid before {nbf} (now {now})"),
            );
        }
    }
    match arg(args, 0) {
        Value::Object(wanted) => {
            for (name, expected) in wanted.iter() {
                let found = value.as_object().and_then(|claims| claims.get(name));
                // The claims come from the token's JSON, which shares no
                // parts, so walking them is linear in its size: no budget.
                let equal = found.is_some_and(|found| {
                    found.loose_eq_within(expected, &mut CompareBudget::unlimited()) == Ok(true)
                });
                if !equal {
                    return fail(
                        filter,
                        format!("the claim `{name}` is not the value check_claims asks for"),
                    );
                }
            }
        }
        Value::Null => {}
        Value::Array(items) if items.is_empty() => {}
        other => {
            return fail(
                filter,
                format!("check_claims must be an object, got {}", other.type_name()),
            );
        }
    }
    Ok(value)
}

fn ttl(filter: &str, args: &[Value], i: usize) -> Result<i64> {
    int_arg(filter, args, i, Some(0))
}

/// The token's parts, `count` of them, or an error saying what it is not.
fn parts<'t>(filter: &str, token: &'t str, count: usize, what: &str) -> Result<Vec<&'t str>> {
    let parts: Vec<&str> = token.trim().split('.').collect();
    if parts.len() != count {
        return fail(
            filter,
            format!(
                "not a compact {what}: it has {} parts, not {count}",
                parts.len()
            ),
        );
    }
    Ok(parts)
}

// --- JWS ---------------------------------------------------------------

#[derive(Clone, Copy)]
enum Hmac {
    Sha256,
    Sha384,
    Sha512,
}

fn signing(filter: &str, name: &str) -> Result<Hmac> {
    match name {
        "HS256" => Ok(Hmac::Sha256),
        "HS384" => Ok(Hmac::Sha384),
        "HS512" => Ok(Hmac::Sha512),
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" => {
            fail(
                filter,
                format!(
                    "{name} signs with an RSA or EC key, which this runner does not support; HS256, HS384 and HS512 work"
                ),
            )
        }
        "NONE" => fail(filter, "unsigned tokens (`none`) are refused"),
        other => fail(
            filter,
            format!("unknown algorithm `{other}`; HS256, HS384 and HS512 work"),
        ),
    }
}

fn mac(algorithm: Hmac, key: &[u8], data: &[&[u8]]) -> Vec<u8> {
    fn run<M: hmac::Mac + hmac::digest::KeyInit>(key: &[u8], data: &[&[u8]]) -> Vec<u8> {
        // HMAC takes keys of any length.
        let mut mac =
            <M as hmac::digest::KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
        for part in data {
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }
    match algorithm {
        Hmac::Sha256 => run::<hmac::Hmac<sha2::Sha256>>(key, data),
        Hmac::Sha384 => run::<hmac::Hmac<sha2::Sha384>>(key, data),
        Hmac::Sha512 => run::<hmac::Hmac<sha2::Sha512>>(key, data),
    }
}

/// Compares in constant time, so a forged signature learns nothing.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// `$claims|jws_encode:headers:key:algorithm:ttl`.
fn jws_encode(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result<Value> {
    const F: &str = "jws_encode";
    let algorithm_name = name(args, 2, "HS256");
    let algorithm = signing(F, &algorithm_name)?;
    let key = key(F, args, 1)?;
    let header = protected(F, &[("alg", &algorithm_name)], headers(F, args)?)?;
    let body = b64(&payload(F, value, ttl(F, args, 3)?, context.now_ms())?);
    let signature = mac(algorithm, &key, &[header.as_bytes(), b".", body.as_bytes()]);
    Ok(Value::Text(format!("{header}.{body}.{}", b64(&signature))))
}

/// `$token|jws_decode:check_claims:key:algorithm:time_drift`.
fn jws_decode(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result<Value> {
    const F: &str = "jws_decode";
    let algorithm_name = name(args, 2, "HS256");
    let algorithm = signing(F, &algorithm_name)?;
    let key = key(F, args, 1)?;
    let token = super::text_input(F, value)?;
    let parts = parts(F, &token, 3, "JWS")?;
    read_header(F, parts[0], &[("alg", &algorithm_name)])?;
    let expected = mac(
        algorithm,
        &key,
        &[parts[0].as_bytes(), b".", parts[1].as_bytes()],
    );
    if !same(&unb64(F, parts[2], "signature")?, &expected) {
        return fail(F, "the signature does not match this key");
    }
    claims(F, unb64(F, parts[1], "payload")?, args, 3, context.now_ms())
}

// --- JWE ---------------------------------------------------------------

#[derive(Clone, Copy)]
enum Content {
    Gcm(usize),
    CbcHmac(usize, Hmac),
}

impl Content {
    fn key_bytes(self) -> usize {
        match self {
            Content::Gcm(bytes) => bytes,
            Content::CbcHmac(bytes, _) => 2 * bytes,
        }
    }
}

fn content(filter: &str, name: &str) -> Result<Content> {
    match name {
        "A128GCM" => Ok(Content::Gcm(16)),
        "A192GCM" => Ok(Content::Gcm(24)),
        "A256GCM" => Ok(Content::Gcm(32)),
        "A128CBC-HS256" => Ok(Content::CbcHmac(16, Hmac::Sha256)),
        "A192CBC-HS384" => Ok(Content::CbcHmac(24, Hmac::Sha384)),
        "A256CBC-HS512" => Ok(Content::CbcHmac(32, Hmac::Sha512)),
        other => fail(
            filter,
            format!(
                "unknown content algorithm `{other}`; A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384 and A256CBC-HS512 work"
            ),
        ),
    }
}

#[derive(Clone, Copy)]
enum KeyWrap {
    Kw(usize),
    GcmKw(usize),
    Direct,
}

fn key_wrap(filter: &str, name: &str) -> Result<KeyWrap> {
    match name {
        "A128KW" => Ok(KeyWrap::Kw(16)),
        "A192KW" => Ok(KeyWrap::Kw(24)),
        "A256KW" => Ok(KeyWrap::Kw(32)),
        "A128GCMKW" => Ok(KeyWrap::GcmKw(16)),
        "A192GCMKW" => Ok(KeyWrap::GcmKw(24)),
        "A256GCMKW" => Ok(KeyWrap::GcmKw(32)),
        "DIR" => Ok(KeyWrap::Direct),
        other if other.starts_with("ECDH-ES") || other.starts_with("RSA") => fail(
            filter,
            format!(
                "{other} needs an RSA or EC key, which this runner does not support; A128KW..A256KW, A128GCMKW..A256GCMKW and dir work"
            ),
        ),
        other => fail(
            filter,
            format!(
                "unknown key algorithm `{other}`; A128KW..A256KW, A128GCMKW..A256GCMKW and dir work"
            ),
        ),
    }
}

/// The key must be exactly the size the algorithm takes (no padding or
/// hashing: a token must open with any other JOSE library).
fn sized(filter: &str, key: Vec<u8>, size: usize, algorithm: &str) -> Result<Vec<u8>> {
    if key.len() != size {
        return fail(
            filter,
            format!(
                "{algorithm} takes a key of exactly {size} bytes ({} bits), this one has {}",
                size * 8,
                key.len()
            ),
        );
    }
    Ok(key)
}

fn random(bytes: usize) -> Vec<u8> {
    use rand::RngCore as _;
    let mut out = vec![0; bytes];
    rand::rng().fill_bytes(&mut out);
    out
}

fn kw_wrap(kek: &[u8], cek: &[u8]) -> std::result::Result<Vec<u8>, ()> {
    match kek.len() {
        16 => aes_kw::KekAes128::try_from(kek)
            .map_err(drop)?
            .wrap_vec(cek)
            .map_err(drop),
        24 => aes_kw::KekAes192::try_from(kek)
            .map_err(drop)?
            .wrap_vec(cek)
            .map_err(drop),
        32 => aes_kw::KekAes256::try_from(kek)
            .map_err(drop)?
            .wrap_vec(cek)
            .map_err(drop),
        _ => Err(()),
    }
}

fn kw_unwrap(kek: &[u8], wrapped: &[u8]) -> std::result::Result<Vec<u8>, ()> {
    match kek.len() {
        16 => aes_kw::KekAes128::try_from(kek)
            .map_err(drop)?
            .unwrap_vec(wrapped)
            .map_err(drop),
        24 => aes_kw::KekAes192::try_from(kek)
            .map_err(drop)?
            .unwrap_vec(wrapped)
            .map_err(drop),
        32 => aes_kw::KekAes256::try_from(kek)
            .map_err(drop)?
            .unwrap_vec(wrapped)
            .map_err(drop),
        _ => Err(()),
    }
}

/// AES-CBC then HMAC over the AAD, IV, ciphertext and the AAD's bit
/// length; the tag is the MAC's first half (RFC 7518, 5.2.2.1).
fn cbc_hmac_tag(hmac: Hmac, mac_key: &[u8], aad: &[u8], iv: &[u8], ciphertext: &[u8]) -> Vec<u8> {
    let bits = ((aad.len() as u64) * 8).to_be_bytes();
    let mut tag = mac(hmac, mac_key, &[aad, iv, ciphertext, &bits]);
    tag.truncate(mac_key.len());
    tag
}

/// `$claims|jwe_encode:headers:key:key_algorithm:content_algorithm:ttl`.
fn jwe_encode(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result<Value> {
    const F: &str = "jwe_encode";
    let (wrap_name, content_name) = (name(args, 2, "A256KW"), name(args, 3, "A256CBC-HS512"));
    let (wrap, content) = (key_wrap(F, &wrap_name)?, content(F, &content_name)?);
    let key = key(F, args, 1)?;
    let mut extra = headers(F, args)?;
    let cek = match wrap {
        KeyWrap::Direct => sized(F, key.clone(), content.key_bytes(), &content_name)?,
        _ => random(content.key_bytes()),
    };
    let encrypted_key = match wrap {
        KeyWrap::Kw(size) => kw_wrap(&sized(F, key, size, &wrap_name)?, &cek)
            .or_else(|()| fail(F, "the content key could not be wrapped"))?,
        KeyWrap::GcmKw(size) => {
            let kek = sized(F, key, size, &wrap_name)?;
            let iv = random(12);
            let mut sealed = gcm_encrypt(&kek, &iv, &cek, &[])
                .or_else(|()| fail(F, "the content key could not be wrapped"))?;
            let tag = sealed.split_off(sealed.len() - 16);
            extra.insert("iv".to_owned(), Value::Text(b64(&iv)));
            extra.insert("tag".to_owned(), Value::Text(b64(&tag)));
            sealed
        }
        KeyWrap::Direct => Vec::new(),
    };
    let wrap_header = if let KeyWrap::Direct = wrap {
        "dir"
    } else {
        &wrap_name
    };
    let header = protected(F, &[("alg", wrap_header), ("enc", &content_name)], extra)?;
    let plaintext = payload(F, value, ttl(F, args, 4)?, context.now_ms())?;
    let aad = header.as_bytes();
    let (iv, ciphertext, tag) = match content {
        Content::Gcm(_) => {
            let iv = random(12);
            let mut sealed = gcm_encrypt(&cek, &iv, &plaintext, aad)
                .or_else(|()| fail(F, "the payload could not be encrypted"))?;
            let tag = sealed.split_off(sealed.len() - 16);
            (iv, sealed, tag)
        }
        Content::CbcHmac(half, hmac) => {
            let iv = random(16);
            let (mac_key, enc_key) = cek.split_at(half);
            let ciphertext = cbc_encrypt(enc_key, &iv, &plaintext)
                .or_else(|()| fail(F, "the payload could not be encrypted"))?;
            let tag = cbc_hmac_tag(hmac, mac_key, aad, &iv, &ciphertext);
            (iv, ciphertext, tag)
        }
    };
    Ok(Value::Text(format!(
        "{header}.{}.{}.{}.{}",
        b64(&encrypted_key),
        b64(&iv),
        b64(&ciphertext),
        b64(&tag)
    )))
}

/// `$token|jwe_decode:check_claims:key:key_algorithm:content_algorithm:time_drift`.
fn jwe_decode(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result<Value> {
    const F: &str = "jwe_decode";
    let (wrap_name, content_name) = (name(args, 2, "A256KW"), name(args, 3, "A256CBC-HS512"));
    let (wrap, content) = (key_wrap(F, &wrap_name)?, content(F, &content_name)?);
    let key = key(F, args, 1)?;
    let token = super::text_input(F, value)?;
    let parts = parts(F, &token, 5, "JWE")?;
    let wrap_header = if let KeyWrap::Direct = wrap {
        "dir"
    } else {
        &wrap_name
    };
    let header = read_header(F, parts[0], &[("alg", wrap_header), ("enc", &content_name)])?;
    let encrypted_key = unb64(F, parts[1], "encrypted key")?;
    fn not_for_this_key<T>() -> Result<T> {
        fail("jwe_decode", "the token was not encrypted for this key")
    }
    let cek = match wrap {
        KeyWrap::Kw(size) => kw_unwrap(&sized(F, key, size, &wrap_name)?, &encrypted_key)
            .or_else(|()| not_for_this_key())?,
        KeyWrap::GcmKw(size) => {
            let kek = sized(F, key, size, &wrap_name)?;
            let field = |name: &str| match header.get(name) {
                Some(Value::Text(text)) => unb64(F, text, "header"),
                _ => fail(
                    F,
                    format!("{wrap_name} needs `{name}` in the token's header"),
                ),
            };
            let sealed = [encrypted_key, field("tag")?].concat();
            gcm_decrypt(&kek, &field("iv")?, &sealed, &[]).or_else(|()| not_for_this_key())?
        }
        KeyWrap::Direct => sized(F, key, content.key_bytes(), &content_name)?,
    };
    if cek.len() != content.key_bytes() {
        return not_for_this_key();
    }
    let (iv, ciphertext, tag) = (
        unb64(F, parts[2], "IV")?,
        unb64(F, parts[3], "ciphertext")?,
        unb64(F, parts[4], "tag")?,
    );
    let aad = parts[0].as_bytes();
    let plaintext = match content {
        Content::Gcm(_) => {
            gcm_decrypt(&cek, &iv, &[ciphertext, tag].concat(), aad).or_else(|()| {
                fail(
                    F,
                    "the token was changed or not encrypted with this key (its tag does not match)",
                )
            })?
        }
        Content::CbcHmac(half, hmac) => {
            let (mac_key, enc_key) = cek.split_at(half);
            if !same(&cbc_hmac_tag(hmac, mac_key, aad, &iv, &ciphertext), &tag) {
                return fail(
                    F,
                    "the token was changed or not encrypted with this key (its tag does not match)",
                );
            }
            cbc_decrypt(enc_key, &iv, &ciphertext)
                .or_else(|()| fail(F, "the token's ciphertext is damaged"))?
        }
    };
    claims(F, plaintext, args, 4, context.now_ms())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Clock;
    impl FilterContext for Clock {
        fn now_ms(&self) -> i64 {
            1_700_000_000_000
        }
    }

    const KEY: &str = "Zq8-secret-key-Zq8-secret-key-32";

    fn message(result: Result<Value>) -> String {
        match result {
            Err(FilterError::Invalid(message)) => message,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn no_error_shows_the_key_the_token_or_the_payload() {
        let key = Value::from(KEY);
        let token = jws_encode(
            &Value::from("payload-Xy7"),
            &[Value::Null, key.clone()],
            &mut Clock,
        )
        .expect("signs");
        let mut errors = vec![
            message(jws_decode(
                &token,
                &[Value::Null, Value::from("another-key")],
                &mut Clock,
            )),
            message(jws_decode(
                &token,
                &[Value::Null, key.clone(), Value::from("HS512")],
                &mut Clock,
            )),
            message(jwe_encode(
                &Value::from("payload-Xy7"),
                &[Value::Null, Value::from("Zq8-short")],
                &mut Clock,
            )),
        ];
        let sealed = jwe_encode(
            &Value::from("payload-Xy7"),
            &[Value::Null, key.clone()],
            &mut Clock,
        )
        .expect("encrypts");
        let wrong = Value::from("Zq9-secret-key-Zq9-secret-key-32");
        errors.push(message(jwe_decode(
            &sealed,
            &[Value::Null, wrong],
            &mut Clock,
        )));
        for error in errors {
            assert!(!error.contains("Zq8") && !error.contains("Zq9"), "{error}");
            assert!(!error.contains("Xy7"), "{error}");
            assert!(!error.contains("eyJ"), "{error}");
        }
    }

    #[test]
    fn an_expired_token_is_refused_unless_the_drift_allows_it() {
        let claims = Value::from_json(&serde_json::json!({"sub": "1", "exp": 1_699_999_990}));
        let token =
            jws_encode(&claims, &[Value::Null, Value::from(KEY)], &mut Clock).expect("signs");
        let expired = message(jws_decode(
            &token,
            &[Value::Null, Value::from(KEY)],
            &mut Clock,
        ));
        assert!(expired.contains("expired"), "{expired}");
        let drift = [Value::Null, Value::from(KEY), Value::Null, Value::Int(30)];
        assert!(jws_decode(&token, &drift, &mut Clock).is_ok());
    }

    #[test]
    fn a_changed_token_is_refused() {
        let key = [
            Value::Null,
            Value::from(KEY),
            Value::from("A256KW"),
            Value::from("A256GCM"),
        ];
        let Value::Text(token) =
            jwe_encode(&Value::from("hi"), &key, &mut Clock).expect("encrypts")
        else {
            panic!("text")
        };
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[3] = b64(b"changed!");
        let changed = Value::Text(parts.join("."));
        assert!(message(jwe_decode(&changed, &key, &mut Clock)).contains("tag does not match"));
    }
}
