//! Reading an answer's body with a cap, and turning it into the report's
//! `response_body`. Only the first `cap` bytes are ever held in memory.

use serde_json::Value;

use crate::error::TransportCause;

/// The start of a body, at most `cap` bytes.
#[derive(Debug, Default)]
pub(crate) struct CappedBody {
    pub(crate) bytes: Vec<u8>,
    /// More bytes followed the kept ones and were not read.
    pub(crate) truncated: bool,
    /// Reading stopped early on a transport failure (kept bytes are still valid).
    pub(crate) read_error: Option<TransportCause>,
}

/// Reads chunks until the body ends or `cap` bytes are kept; it never reads
/// past the chunk that crosses the cap, so a huge answer costs one chunk.
pub(crate) async fn read_capped(
    response: &mut reqwest::Response,
    cap: usize,
    secrets: &[String],
) -> CappedBody {
    let mut body = CappedBody::default();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = cap.saturating_sub(body.bytes.len());
                if chunk.len() > room {
                    body.bytes.extend_from_slice(&chunk[..room]);
                    body.truncated = true;
                    return body;
                }
                body.bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return body,
            Err(error) => {
                body.read_error = Some(TransportCause::from_reqwest(error, secrets));
                return body;
            }
        }
    }
}

/// The body as text; a character cut by the cap is dropped, other invalid
/// UTF-8 becomes U+FFFD.
pub(crate) fn body_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(error) if error.error_len().is_none() => {
            String::from_utf8_lossy(&bytes[..error.valid_up_to()]).into_owned()
        }
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// `null` for no body; parsed JSON when the answer says it is JSON or looks
/// like an object or array and parses; otherwise the text.
pub(crate) fn body_value(bytes: &[u8], content_type: Option<&str>) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    let text = body_text(bytes);
    let declared_json = content_type.is_some_and(|content_type| {
        let essence = content_type.split(';').next().unwrap_or("").trim();
        essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
    });
    let looks_json = matches!(text.trim_start().chars().next(), Some('{' | '['));
    if (declared_json || looks_json)
        && let Ok(value) = serde_json::from_str(&text)
    {
        return value;
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_body_is_null() {
        assert_eq!(body_value(b"", Some("text/plain")), Value::Null);
    }

    #[test]
    fn plain_text_stays_text_even_when_it_would_parse_as_json() {
        assert_eq!(
            body_value(b"Accepted", Some("text/plain")),
            json!("Accepted")
        );
        assert_eq!(body_value(b"42", Some("text/plain")), json!("42"));
    }

    #[test]
    fn json_is_parsed_when_declared_or_shaped_like_an_object() {
        assert_eq!(
            body_value(b"42", Some("application/json; charset=utf-8")),
            json!(42)
        );
        assert_eq!(body_value(br#"{"ok":true}"#, None), json!({"ok": true}));
        assert_eq!(
            body_value(b"{broken", Some("application/json")),
            json!("{broken")
        );
    }

    #[test]
    fn a_character_cut_by_the_cap_is_dropped() {
        let bytes = "é".as_bytes();
        assert_eq!(body_text(&bytes[..1]), "");
        assert_eq!(body_text(b"ok\xff!"), "ok\u{fffd}!");
    }
}
