//! Secrets other than the webhook URL, and a last line of defence that
//! scrubs secret text out of messages that come from other libraries.

use std::fmt;

/// Make's webhook API key, sent as `x-make-apikey`. Never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// The key itself, for the request header. Never log or print it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Replaces every non-empty secret fragment in `text` with `…`.
pub(crate) fn scrub(text: &str, secrets: &[String]) -> String {
    let mut scrubbed = text.to_owned();
    for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
        if scrubbed.contains(secret.as_str()) {
            scrubbed = scrubbed.replace(secret.as_str(), "…");
        }
    }
    scrubbed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_never_shows_in_debug_or_display() {
        let key = ApiKey::new("sk-very-secret");
        assert!(!format!("{key:?} {key}").contains("very-secret"));
    }

    #[test]
    fn scrub_replaces_every_occurrence_and_ignores_empty_fragments() {
        let secrets = vec![String::new(), "abc123".to_owned()];
        assert_eq!(scrub("x abc123 y abc123", &secrets), "x … y …");
    }
}
