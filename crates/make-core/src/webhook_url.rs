//! The webhook URL: validated once, then shown only in redacted form.

use std::fmt;

/// A Make webhook URL. Whoever has it can trigger the scenario, so `Display`
/// and `Debug` show only the scheme, the host and the last 4 characters of the path.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookUrl {
    url: url::Url,
}

/// Why a text is not a usable webhook URL. It never repeats the text, which may be a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidWebhookUrl {
    #[error("the webhook URL is empty")]
    Empty,
    #[error("the webhook URL is not an absolute URL ({reason})")]
    Malformed { reason: String },
    #[error("the webhook URL must use http or https, not `{scheme}`")]
    UnsupportedScheme { scheme: String },
}

impl WebhookUrl {
    pub fn parse(text: &str) -> Result<Self, InvalidWebhookUrl> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InvalidWebhookUrl::Empty);
        }
        let url = url::Url::parse(text).map_err(|error| InvalidWebhookUrl::Malformed {
            reason: error.to_string(),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(InvalidWebhookUrl::UnsupportedScheme {
                scheme: url.scheme().to_owned(),
            });
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(InvalidWebhookUrl::Malformed {
                reason: "it has no host".to_owned(),
            });
        }
        Ok(WebhookUrl { url })
    }

    /// The full URL, for sending the request. Never log or print it.
    pub fn expose_secret(&self) -> &url::Url {
        &self.url
    }

    /// The secret parts (path, query, user info): what redaction must hide.
    pub fn secret_fragments(&self) -> Vec<String> {
        let mut fragments = Vec::new();
        let path = self.url.path().trim_matches('/');
        if !path.is_empty() {
            fragments.push(path.to_owned());
        }
        if let Some(query) = self.url.query() {
            fragments.push(query.to_owned());
        }
        if let Some(password) = self.url.password() {
            fragments.push(password.to_owned());
        }
        fragments
    }

    /// `https://hook.eu1.make.com/…x7k2`
    pub fn redacted(&self) -> String {
        let mut shown = format!(
            "{}://{}",
            self.url.scheme(),
            self.url.host_str().unwrap_or("")
        );
        if let Some(port) = self.url.port() {
            shown.push_str(&format!(":{port}"));
        }
        let path = self.url.path().trim_end_matches('/');
        let tail: String = {
            let chars: Vec<char> = path.chars().collect();
            chars[chars.len().saturating_sub(4)..].iter().collect()
        };
        if path.chars().count() > 4 {
            shown.push_str("/…");
            shown.push_str(tail.trim_start_matches('/'));
        } else if !path.is_empty() {
            // A path this short reveals nothing worth hiding beyond its length.
            shown.push_str("/…");
        }
        shown
    }
}

impl fmt::Display for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebhookUrl({})", self.redacted())
    }
}

impl std::str::FromStr for WebhookUrl {
    type Err = InvalidWebhookUrl;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        WebhookUrl::parse(text)
    }
}
