//! The command that finishes an interrupted batch: the command line the
//! batch was started with, every flag kept, `--resume` added, each word
//! quoted for a POSIX shell, and the values of `--env` left out (they are
//! secrets: the command says `--env NAME=...` and a note says so).

use std::ffi::OsString;

/// What to print after "resume with", and whether `--env` values were left out.
pub(crate) struct ResumeCommand {
    pub(crate) text: String,
    pub(crate) env_values_left_out: bool,
}

pub(crate) fn from_args(args: impl IntoIterator<Item = OsString>) -> ResumeCommand {
    let mut words: Vec<String> = Vec::new();
    let mut env_values_left_out = false;
    let mut next_is_env = false;
    let mut resume = false;
    for arg in args {
        let arg = arg.to_string_lossy().into_owned();
        if next_is_env {
            next_is_env = false;
            words.push(without_value(&arg));
            env_values_left_out = true;
            continue;
        }
        if arg == "--env" {
            next_is_env = true;
        } else if let Some(assignment) = arg.strip_prefix("--env=") {
            words.push(format!("--env={}", without_value(assignment)));
            env_values_left_out = true;
            continue;
        }
        resume |= arg == "--resume";
        words.push(arg);
    }
    if !resume {
        words.push("--resume".to_owned());
    }
    let text = words
        .iter()
        .map(|word| {
            if word.ends_with("=...") {
                // `NAME=...` is a placeholder to fill in, not a word to quote.
                word.clone()
            } else {
                shell_word(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    ResumeCommand {
        text,
        env_values_left_out,
    }
}

/// `NAME=value` → `NAME=...`.
fn without_value(assignment: &str) -> String {
    let name = assignment
        .split_once('=')
        .map_or(assignment, |(name, _)| name);
    format!("{}=...", shell_word(name))
}

/// Quotes a word for a POSIX shell when it needs it.
pub(crate) fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(args: &[&str]) -> ResumeCommand {
        from_args(args.iter().map(OsString::from))
    }

    #[test]
    fn every_flag_is_kept_quoted_and_env_values_are_left_out() {
        let resumed = command(&[
            "runner-cli",
            "--jobs-dir",
            "my jobs",
            "execute",
            "--job",
            "Trigger Make Scenario",
            "--each",
            "users.jsonl",
            "--env",
            "make_webhook_url=https://hook.eu1.make.com/TOKEN",
            "--env=make_api_key=KEY",
            "--rate",
            "30/1s",
            "--concurrency",
            "2",
            "--journal",
            "j's.jsonl",
            "--sandbox",
        ]);
        assert_eq!(
            resumed.text,
            "runner-cli --jobs-dir 'my jobs' execute --job 'Trigger Make Scenario' --each users.jsonl --env make_webhook_url=... --env=make_api_key=... --rate 30/1s --concurrency 2 --journal 'j'\\''s.jsonl' --sandbox --resume"
        );
        assert!(resumed.env_values_left_out);
        assert!(!resumed.text.contains("TOKEN") && !resumed.text.contains("KEY"));
    }

    #[test]
    fn a_resumed_batch_is_not_told_to_resume_twice() {
        let resumed = command(&[
            "runner-cli",
            "execute",
            "--job",
            "J",
            "--each",
            "-",
            "--resume",
        ]);
        assert_eq!(resumed.text, "runner-cli execute --job J --each - --resume");
        assert!(!resumed.env_values_left_out);
    }
}
