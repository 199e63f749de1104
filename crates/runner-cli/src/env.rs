//! The environment a job sees: `--env` flags, then the process environment,
//! then a `.env` file in the working directory (the process wins over `.env`,
//! as with dotenv tools everywhere; an explicit flag wins over both).

use std::collections::HashMap;
use std::path::Path;

use crate::error::CliError;

#[derive(Debug, Default)]
pub(crate) struct EnvSources {
    flags: HashMap<String, String>,
    dotenv: HashMap<String, String>,
}

impl EnvSources {
    /// Reads `--env KEY=VALUE` flags and the `.env` file at `dotenv_path`, if any.
    pub(crate) fn collect(flags: &[String], dotenv_path: &Path) -> Result<EnvSources, CliError> {
        let mut sources = EnvSources::default();
        for flag in flags {
            let Some((key, value)) = flag.split_once('=') else {
                return Err(CliError::usage(format!(
                    "`--env` takes KEY=VALUE, but got `{}`",
                    key_only(flag)
                ))
                .with_hint("write it as `--env make_webhook_url=https://hook.eu1.make.com/...`"));
            };
            let key = key.trim();
            if key.is_empty() {
                return Err(CliError::usage("`--env` needs a name before `=`"));
            }
            sources.flags.insert(key.to_owned(), value.to_owned());
        }
        if dotenv_path.is_file() {
            sources.dotenv = read_dotenv(dotenv_path)?;
        }
        Ok(sources)
    }

    pub(crate) fn set_flag(&mut self, key: &str, value: String) {
        self.flags.insert(key.to_owned(), value);
    }

    pub(crate) fn lookup(&self, key: &str) -> Option<String> {
        self.flags
            .get(key)
            .cloned()
            .or_else(|| std::env::var(key).ok())
            .or_else(|| self.dotenv.get(key).cloned())
    }
}

/// The entries of a `.env` file. A line that does not parse is reported by
/// its number, its name and what is wrong with it, never its text: dotenvy's
/// own error quotes the line, and with an unclosed quote every line after it,
/// secrets included.
fn read_dotenv(path: &Path) -> Result<HashMap<String, String>, CliError> {
    let cannot_read = |error: &dyn std::error::Error| {
        CliError::config(format!("cannot read `{}`", path.display())).caused_by(error)
    };
    let text = std::fs::read_to_string(path).map_err(|error| cannot_read(&error))?;
    let mut entries = HashMap::new();
    for entry in dotenvy::from_read_iter(text.as_bytes()) {
        match entry {
            Ok((key, value)) => {
                entries.insert(key, value);
            }
            Err(dotenvy::Error::LineParse(line, _)) => {
                return Err(malformed_dotenv_line(path, &text, &line));
            }
            Err(dotenvy::Error::Io(error)) => return Err(cannot_read(&error)),
            Err(other) => {
                return Err(CliError::config(format!(
                    "`{}` is not a valid .env file",
                    path.display()
                ))
                .with_details(format!("  {}", kind_of_dotenv_error(&other))));
            }
        }
    }
    Ok(entries)
}

/// A dotenvy error other than a bad line, without its text.
fn kind_of_dotenv_error(error: &dotenvy::Error) -> &'static str {
    match error {
        dotenvy::Error::EnvVar(_) => "a variable it refers to is not set or not UTF-8",
        _ => "it cannot be read",
    }
}

fn malformed_dotenv_line(path: &Path, text: &str, line: &str) -> CliError {
    let first = line.lines().next().unwrap_or_default();
    let number = text
        .find(first)
        .map_or(0, |at| text[..at].matches('\n').count() + 1);
    let name: String = first
        .trim_start()
        .trim_start_matches("export ")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "_.-".contains(*c))
        .take(64)
        .collect();
    let problem = if first.matches(['"', '\'']).count() % 2 == 1 {
        "a quoted value is not closed"
    } else if !first.contains('=') {
        "there is no `=` between the name and the value"
    } else {
        "it cannot be parsed"
    };
    let named = if name.is_empty() {
        String::new()
    } else {
        format!(" (`{name}`)")
    };
    let at = if number > 0 {
        format!(" line {number}{named}")
    } else {
        named
    };
    CliError::config(format!(
        "`{}`{at} is not a valid .env line: {problem}",
        path.display()
    ))
    .with_hint("each line is `NAME=value`; quote values with spaces, and close every quote")
}

/// Shows only the key of a malformed flag: its value could be a secret.
fn key_only(flag: &str) -> String {
    flag.chars()
        .take(40)
        .take_while(|c| *c != ':' && *c != '/')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_dotenv_and_malformed_flags_do_not_echo_values() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dotenv = dir.path().join(".env");
        std::fs::write(
            &dotenv,
            "RUNNER_TEST_A=from-file\nRUNNER_TEST_B=file-only\n",
        )
        .expect("write");
        let sources =
            EnvSources::collect(&["RUNNER_TEST_A=from-flag".to_owned()], &dotenv).expect("collect");
        assert_eq!(
            sources.lookup("RUNNER_TEST_A").as_deref(),
            Some("from-flag")
        );
        assert_eq!(
            sources.lookup("RUNNER_TEST_B").as_deref(),
            Some("file-only")
        );
        assert_eq!(sources.lookup("RUNNER_TEST_MISSING"), None);

        let error = EnvSources::collect(&["https://hook.make.com/secret".to_owned()], &dotenv)
            .expect_err("no `=`");
        assert!(!error.to_string().contains("secret"), "{error}");
    }

    #[test]
    fn a_malformed_dotenv_line_is_reported_by_number_and_name_never_by_its_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dotenv = dir.path().join(".env");
        for (text, expected) in [
            (
                "A=1\nmake_webhook_url=\"https://hook.eu1.make.com/TOKEN123\nmake_api_key=KEY456\n",
                "line 2 (`make_webhook_url`) is not a valid .env line: a quoted value is not closed",
            ),
            (
                "make_webhook_url http://hook.eu1.make.com/TOKEN123\nmake_api_key=KEY456\n",
                "line 1 (`make_webhook_url`) is not a valid .env line: there is no `=` between the name and the value",
            ),
        ] {
            std::fs::write(&dotenv, text).expect("write");
            let error = EnvSources::collect(&[], &dotenv).expect_err("malformed");
            let shown = error.to_string();
            assert!(shown.contains(expected), "{shown}");
            assert!(
                !shown.contains("TOKEN123") && !shown.contains("KEY456"),
                "{shown}"
            );
            assert_eq!(error.code, crate::exit_codes::CONFIG);
        }
    }
}
