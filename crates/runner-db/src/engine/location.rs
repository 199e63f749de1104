//! Where the data lives, from a URL: `sqlite://path`, `sqlite::memory:`,
//! `postgres://...`. Only [`Location::describe`] may show it, without its password.

use std::path::PathBuf;

use crate::error::DbError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file, created on first use.
    SqliteFile(PathBuf),
    /// A private SQLite database that lives as long as its [`crate::Database`].
    SqliteMemory,
    /// A PostgreSQL server; `schema` (created when missing) keeps the
    /// tables apart from other users of the same database.
    Postgres { url: String, schema: Option<String> },
}

impl Location {
    pub fn parse(text: &str) -> Result<Location, DbError> {
        let text = text.trim();
        if text == "sqlite::memory:" || text == "sqlite://:memory:" {
            return Ok(Location::SqliteMemory);
        }
        if let Some(path) = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or(path);
            if path.is_empty() {
                return Err(DbError::InvalidRequest(
                    "`sqlite://` needs a file path, e.g. `sqlite://.runner/data.sqlite`".to_owned(),
                ));
            }
            return Ok(Location::SqliteFile(PathBuf::from(path)));
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            url::Url::parse(text).map_err(|error| {
                DbError::InvalidRequest(format!("the PostgreSQL URL is not valid: {error}"))
            })?;
            return Ok(Location::Postgres {
                url: text.to_owned(),
                schema: None,
            });
        }
        Err(DbError::InvalidRequest(format!(
            "`{}` is not a database URL this runner knows; use `sqlite://PATH`, `sqlite::memory:` or `postgres://USER@HOST/DB`",
            redact_url(text)
        )))
    }

    /// The location for messages, with any password replaced by `***`.
    pub fn describe(&self) -> String {
        match self {
            Location::SqliteFile(path) => format!("sqlite://{}", path.display()),
            Location::SqliteMemory => "sqlite::memory:".to_owned(),
            Location::Postgres { url, schema } => match schema {
                Some(schema) => format!("{} (schema `{schema}`)", redact_url(url)),
                None => redact_url(url),
            },
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres { .. })
    }
}

/// A URL with its password hidden.
pub(crate) fn redact_url(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        Ok(url) => url.to_string(),
        Err(_) => "(an unreadable URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_backend() {
        assert_eq!(
            Location::parse("sqlite::memory:").unwrap(),
            Location::SqliteMemory
        );
        assert_eq!(
            Location::parse("sqlite://.runner/data.sqlite").unwrap(),
            Location::SqliteFile(PathBuf::from(".runner/data.sqlite"))
        );
        assert!(
            Location::parse("postgres://postgres@127.0.0.1/test")
                .unwrap()
                .is_postgres()
        );
        assert!(Location::parse("mysql://x").is_err());
    }

    #[test]
    fn a_password_never_shows_in_the_description() {
        let location = Location::parse("postgres://user:hunter2@db.example/app").unwrap();
        let shown = location.describe();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
}
