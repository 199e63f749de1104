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
    /// `https:///TOKEN`, `https:TOKEN`, `http://TOKEN:80/`: a typo that
    /// makes the token the host name, which would go to DNS.
    #[error(
        "the webhook URL's host is not a host name (it has no dot): a typo such as `https:///` or `https:` before the token makes the token the host"
    )]
    ImplausibleHost,
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
        if !plausible_host(&url) {
            return Err(InvalidWebhookUrl::ImplausibleHost);
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

/// An IP address, `localhost`, or a name with a dot: Make's hosts are
/// `hook.<zone>.make.com`, and a token is never any of these.
fn plausible_host(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) => true,
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.');
            name.eq_ignore_ascii_case("localhost")
                || (name.contains('.') && name.split('.').all(|label| !label.is_empty()))
        }
        None => false,
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

#[cfg(test)]
mod plausible_host_tests {
    use super::*;

    #[test]
    fn a_token_in_the_host_place_is_refused_without_being_repeated() {
        let token = "k3jd8x0qpl2mz7vbn4ty6rc1wa9s5x7k";
        for typo in [
            format!("https:///{token}"),
            format!("https:{token}"),
            format!("http://{token}:80/"),
        ] {
            let error = WebhookUrl::parse(&typo).expect_err("implausible host");
            assert_eq!(error, InvalidWebhookUrl::ImplausibleHost, "{typo}");
            assert!(!error.to_string().contains(token));
        }
        for good in [
            format!("https://hook.eu1.make.com/{token}"),
            format!("http://127.0.0.1:8080/{token}"),
            format!("http://localhost:8080/{token}"),
            format!("http://[::1]:8080/{token}"),
        ] {
            assert!(WebhookUrl::parse(&good).is_ok(), "{good}");
        }
    }
}
