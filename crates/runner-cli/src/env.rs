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
            let entries = dotenvy::from_path_iter(dotenv_path).map_err(|error| {
                CliError::config(format!("cannot read `{}`", dotenv_path.display()))
                    .caused_by(&error)
            })?;
            for entry in entries {
                // dotenvy's parse errors name the line but never the value.
                let (key, value) = entry.map_err(|error| {
                    CliError::config(format!(
                        "`{}` is not a valid .env file",
                        dotenv_path.display()
                    ))
                    .caused_by(&error)
                    .with_hint("each line is `NAME=value`; quote values with spaces")
                })?;
                sources.dotenv.insert(key, value);
            }
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
}
