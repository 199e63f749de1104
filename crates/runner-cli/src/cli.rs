//! The command line, as clap derives it: doc comments are the help text.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Run XanoScript run jobs locally, such as triggering a Make.com scenario.
///
/// stdout carries only the job's response (JSON); logs, hints and errors go to stderr.
#[derive(Debug, Parser)]
#[command(name = "runner-cli", version, propagate_version = true)]
pub(crate) struct Cli {
    /// Folder that holds the job folders (each with a `run.xs`).
    #[arg(long, global = true, env = "RUNNER_JOBS_DIR", default_value = "jobs")]
    pub(crate) jobs_dir: PathBuf,

    /// More logs on stderr: -v debug, -vv trace. `RUST_LOG` overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub(crate) verbose: u8,

    /// Fewer logs on stderr: only errors.
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,

    #[command(subcommand)]
    pub(crate) command: Command,
}

impl ExecuteArgs {
    /// The job asked for, as the argument or with `--job`.
    pub(crate) fn job(&self) -> &str {
        self.job_arg
            .as_deref()
            .or(self.job_flag.as_deref())
            .unwrap_or_default()
    }
}

impl Cli {
    /// A batch reports each record on stdout and its progress on stderr.
    pub(crate) fn is_batch(&self) -> bool {
        matches!(&self.command, Command::Execute(args) if args.batch.each.is_some())
    }
}

// Parsed once per process: boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run a job and print its response as JSON (`run` for short).
    #[command(visible_alias = "run")]
    Execute(ExecuteArgs),
    /// List the jobs: name, folder, function, inputs and required environment.
    List(ListArgs),
    /// Parse and validate job folders without running anything.
    Check(CheckArgs),
    /// List the scheduled tasks of every job, with their next run times (UTC).
    Tasks(TasksArgs),
    /// Run every task on its schedule until stopped (SIGTERM or Ctrl-C),
    /// recording each run; several `serve` on one PostgreSQL share the work.
    Serve(ServeArgs),
    /// Run the inline `test` blocks of job functions, with their mocks.
    Test(TestArgs),
    /// Look at and manage the jobs' database: tables, dump, load, reset, sql.
    Db(crate::commands::db::DbArgs),
    /// The run history: list, show, replay and prune recorded runs.
    Runs(crate::commands::runs::RunsArgs),
    /// List the filters (`|to_upper`, `|count`...) with their arguments, or show one.
    Filters {
        /// One filter, e.g. `to_upper`; a misspelt name gets the filter meant.
        name: Option<String>,
    },
    /// Print a shell completion script: `runner-cli completions bash > ...`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff); `just man` writes it into `target/`.
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Args)]
pub(crate) struct ExecuteArgs {
    /// The job to run: its `run.job` name or its folder name.
    #[arg(value_name = "JOB", required_unless_present_any = ["job_flag", "task"])]
    pub(crate) job_arg: Option<String>,

    /// The job to run, as a flag (the same as the JOB argument).
    #[arg(
        long = "job",
        id = "job_flag",
        value_name = "NAME",
        conflicts_with = "job_arg"
    )]
    pub(crate) job_flag: Option<String>,

    /// Run a task (a `task/` file of a job folder) now, once, instead of the
    /// job's main function; with JOB, only that job's tasks are looked at.
    #[arg(long, value_name = "NAME", conflicts_with = "each")]
    pub(crate) task: Option<String>,

    /// Override an input: `KEY=VALUE`. VALUE is read as the input's declared
    /// type; JSON inputs take JSON text, or `@path` to read it from a file.
    #[arg(long = "input", value_name = "KEY=VALUE")]
    pub(crate) inputs: Vec<String>,

    /// Merge a JSON object of inputs (applied before `--input`).
    #[arg(long, value_name = "FILE.json")]
    pub(crate) input_file: Option<PathBuf>,

    /// Largest `--input-file` or `--input KEY=@FILE` read, in MB.
    #[arg(long, value_name = "MB", default_value_t = 64,
          value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub(crate) max_input_file: u64,

    /// Set an environment variable for the job: `KEY=VALUE` (wins over the
    /// process environment and `.env`).
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub(crate) envs: Vec<String>,

    /// Start an embedded Make-compatible webhook on 127.0.0.1, point the
    /// job's URL env vars (`make_webhook_url`, see `--sandbox-env`) at it,
    /// and print what it received. No Make account
    /// needed. MODE rehearses trouble: accept (default),
    /// rate-limited[:N][:retry-after=S], unavailable[:N], gone, queue-full,
    /// scenario-failed, slow[:SECONDS].
    #[arg(long, value_name = "MODE", num_args = 0..=1, default_missing_value = "accept")]
    pub(crate) sandbox: Option<crate::sandbox::Plan>,

    /// With `--sandbox`: the env var to point at it (repeat for more)
    /// [default: every URL env var the job declares, `make_webhook_url` among them].
    #[arg(long, value_name = "NAME", requires = "sandbox")]
    pub(crate) sandbox_env: Vec<String>,

    #[command(flatten)]
    pub(crate) database: crate::database::DatabaseArgs,

    /// Do not record this run (or this batch's records) in the run history
    /// (see the README's "Run history").
    #[arg(long)]
    pub(crate) no_history: bool,

    #[command(flatten)]
    pub(crate) reliability: ReliabilityArgs,

    #[command(flatten)]
    pub(crate) limits: LimitArgs,

    #[command(flatten)]
    pub(crate) batch: BatchArgs,
}

/// Running the job once per record of a JSON Lines file (see the README's "Batch runs").
#[derive(Debug, Args)]
#[command(next_help_heading = "Batch")]
pub(crate) struct BatchArgs {
    /// Run the job once per line of FILE (JSON Lines; `-` reads stdin): each
    /// line is an object of inputs merged over the job's defaults. Prints one
    /// JSON line per record; journals every outcome so `--resume` can finish it.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["inputs", "input_file", "idempotency_key"])]
    pub(crate) each: Option<PathBuf>,

    /// Runs in flight at once.
    #[arg(long, value_name = "N", default_value_t = 4, requires = "each",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub(crate) concurrency: u16,

    /// Never more than N runs start in any window of PERIOD, e.g. `300/10s`,
    /// `30/1s`. Make's own limit per webhook (300/10s) is kept in any case.
    #[arg(long, value_name = "N/PERIOD", requires = "each")]
    pub(crate) rate: Option<make_core::RateLimit>,

    /// Where every outcome is appended [default: FILE.journal.jsonl, or
    /// `stdin.journal.jsonl` in the working folder for `-`].
    #[arg(long, value_name = "JOURNAL", requires = "each")]
    pub(crate) journal: Option<PathBuf>,

    /// Where records that failed are written, ready to feed back to `--each`
    /// [default: FILE.dead-letter.jsonl, or `stdin.dead-letter.jsonl`].
    #[arg(long, value_name = "DEAD", requires = "each")]
    pub(crate) dead_letter: Option<PathBuf>,

    /// Skip the records the journal shows delivered and run the rest. Refused
    /// when the input no longer matches the journal (a line changed, lines
    /// inserted or removed, another stream on stdin).
    #[arg(long, requires = "each")]
    pub(crate) resume: bool,

    /// Mixed into every record's `Idempotency-Key`, so a batch sent again
    /// from the start (journal deleted) gets new keys that a scenario which
    /// drops duplicates will not drop. A resume keeps the journal's.
    #[arg(long, value_name = "ID", requires = "each")]
    pub(crate) batch_id: Option<String>,

    /// With `--resume`, go on when the input does not match the journal:
    /// only lines whose number and content both match a delivered entry are
    /// skipped, every other line is sent (moved records may be sent twice).
    #[arg(long, requires = "resume")]
    pub(crate) force_mismatch: bool,
}

impl BatchArgs {
    /// No batch: a single run (a replay).
    pub(crate) fn none() -> BatchArgs {
        BatchArgs {
            each: None,
            concurrency: 4,
            rate: None,
            journal: None,
            dead_letter: None,
            resume: false,
            batch_id: None,
            force_mismatch: false,
        }
    }
}

/// How Make triggers are retried (see the README's "Reliability").
#[derive(Debug, Args)]
#[command(next_help_heading = "Reliability")]
pub(crate) struct ReliabilityArgs {
    /// Retries after the first attempt of a Make trigger; 0 disables them.
    /// Only what Make did not accept is retried: 429, 502/503/504, refused connections.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub(crate) retries: u32,

    /// Timeout of each attempt, in seconds (more than 0).
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_positive_seconds)]
    pub(crate) timeout: Duration,

    /// Give up (as `rate_limited`) rather than wait longer than this in total
    /// between attempts, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_seconds)]
    pub(crate) max_retry_wait: Duration,

    /// Also retry timeouts and failures after the payload was sent. Only for
    /// scenarios that drop duplicates: Make may already have run them.
    #[arg(long)]
    pub(crate) retry_ambiguous: bool,

    /// The `Idempotency-Key` header of the trigger (the same on every retry);
    /// default: a fresh UUID. Derive it from the date in cron, e.g.
    /// `--idempotency-key "nightly-$(date +%F)"`.
    #[arg(long, value_name = "KEY")]
    pub(crate) idempotency_key: Option<String>,
}

/// Limits that stop a runaway job with a clear error.
#[derive(Debug, Args)]
#[command(next_help_heading = "Limits")]
pub(crate) struct LimitArgs {
    /// Most iterations of any one loop.
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    pub(crate) max_loop_iterations: u64,

    /// Most statements, loop iterations and filter items in one run.
    #[arg(long, value_name = "N", default_value_t = 100_000_000)]
    pub(crate) max_steps: u64,

    /// Deepest nesting of `function.run` calls (at most 20000: the
    /// interpreter's stack is sized from it).
    #[arg(long, value_name = "N", default_value_t = 200,
          value_parser = clap::value_parser!(u64).range(1..=job_runner::eval::MAX_CALL_DEPTH as u64))]
    pub(crate) max_call_depth: u64,

    /// Longest run, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "300", value_parser = parse_seconds)]
    pub(crate) max_run_time: Duration,

    /// Most memory the process may use for the job's values, in MB
    /// [default: half of the machine's memory, at most 2048].
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) max_memory: Option<u64>,
}

impl LimitArgs {
    /// The interpreter's limits, and the allocator's backstop set to match.
    pub(crate) fn to_limits(&self) -> job_runner::eval::Limits {
        let max_memory_mb = self
            .max_memory
            .unwrap_or_else(crate::memory::default_limit_mb);
        let max_memory_bytes = max_memory_mb.saturating_mul(1024 * 1024);
        crate::memory::set_hard_limit(max_memory_bytes);
        job_runner::eval::Limits {
            max_loop_iterations: self.max_loop_iterations,
            max_steps: self.max_steps,
            max_call_depth: usize::try_from(self.max_call_depth).unwrap_or(usize::MAX),
            max_wall_time: self.max_run_time,
            max_memory_bytes,
        }
    }
}

/// Seconds as a whole or decimal number: `30`, `0.5`.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .trim_end_matches('s')
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !seconds.is_finite() || !(0.0..=31_536_000.0).contains(&seconds) {
        return Err(format!("`{text}` is not between 0 and 31536000 seconds"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// Seconds that must be more than zero: a timeout of 0 would fail every attempt.
fn parse_positive_seconds(text: &str) -> Result<Duration, String> {
    let duration = parse_seconds(text)?;
    if duration.is_zero() {
        return Err(format!("`{text}`: a timeout must be more than 0 seconds"));
    }
    Ok(duration)
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

/// `runner-cli serve` (see the README's "Scheduled tasks").
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Delete runs older than this from the history on start: `30d`, `12h`, `90m`.
    #[arg(long, value_name = "AGE", default_value = "30d", value_parser = parse_age)]
    pub(crate) keep_runs: Duration,

    /// Run this job when a task's run fails for good (no retries left),
    /// with the inputs it declares of `run_id`, `task` and `error`.
    #[arg(long, value_name = "JOB")]
    pub(crate) on_failure: Option<String>,

    /// On SIGTERM or Ctrl-C, how long running tasks get to finish before
    /// they are cancelled, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_seconds)]
    pub(crate) shutdown_timeout: Duration,

    /// How long a claimed run stays this process's without a renewal (it
    /// renews every third of it); after that another `serve` takes it over.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_positive_seconds)]
    pub(crate) lease: Duration,

    /// Set an environment variable for the jobs: `KEY=VALUE`.
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub(crate) envs: Vec<String>,

    /// Point the jobs' URL env vars at an embedded Make stand-in (see `execute --sandbox`).
    #[arg(long, value_name = "MODE", num_args = 0..=1, default_missing_value = "accept")]
    pub(crate) sandbox: Option<crate::sandbox::Plan>,

    #[command(flatten)]
    pub(crate) database: crate::database::DatabaseArgs,

    #[command(flatten)]
    pub(crate) reliability: ReliabilityArgs,

    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

/// An age: `30d`, `12h`, `90m`, `45s` (a bare number is days).
fn parse_age(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "d"),
    };
    let count: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not an age such as `30d`, `12h` or `90m`"))?;
    let seconds = match unit {
        "d" => 86_400,
        "h" => 3600,
        "m" => 60,
        "s" => 1,
        _ => {
            return Err(format!(
                "`{text}`: the unit is `d`, `h`, `m` or `s`, e.g. `30d`"
            ));
        }
    };
    Ok(Duration::from_secs(count.saturating_mul(seconds)))
}

#[derive(Debug, Args)]
pub(crate) struct TasksArgs {
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// A job folder or a folder of job folders (default: the jobs folder).
    pub(crate) path: Option<PathBuf>,

    /// How to print the problems: text on stderr, or one JSON document on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// Test only this job: its `run.job` name or its folder name.
    #[arg(long, value_name = "NAME")]
    pub(crate) job: Option<String>,

    /// A job folder or a folder of job folders (default: the jobs folder).
    pub(crate) path: Option<PathBuf>,

    /// Run only the tests whose `function › test` name contains TEXT (any case).
    #[arg(long, value_name = "TEXT")]
    pub(crate) filter: Option<String>,

    /// How to print the results.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,

    /// Also write the results as JUnit XML to FILE, for CI.
    #[arg(long, value_name = "FILE")]
    pub(crate) junit: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people.
    Text,
    /// For scripts: one JSON document.
    Json,
}

/// A usage error's text with every word that may be a secret replaced:
/// URLs (`scheme://...`, `https:...`) and the values of `KEY=VALUE` words.
pub(crate) fn scrub_usage_error(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let is_separator = |c: char| c.is_whitespace() || "'\"`".contains(c);
    for c in text.chars().chain(std::iter::once('\n')) {
        if is_separator(c) {
            out.push_str(&scrub_word(&word));
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.pop();
    out
}

fn scrub_word(word: &str) -> String {
    let url_like = |text: &str| {
        let lower = text.to_ascii_lowercase();
        text.contains("://") || lower.starts_with("http:") || lower.starts_with("https:")
    };
    let is_name = |key: &str| {
        key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
    };
    match word.split_once('=') {
        Some((key, value)) if is_name(key) && !value.is_empty() => {
            format!("{key}=[redacted]")
        }
        Some((flag, value)) if flag.starts_with('-') && url_like(value) => {
            format!("{flag}=[redacted URL]")
        }
        _ if url_like(word) => "[redacted URL]".to_owned(),
        _ => word.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_lose_urls_and_the_values_of_key_value_words() {
        let text = "error: unexpected argument 'make_webhook_url=https://hook.eu1.make.com/TOKEN' found\n\n  tip: to pass 'make_webhook_url=https://hook.eu1.make.com/TOKEN' as a value, use '-- make_webhook_url=https://hook.eu1.make.com/TOKEN'\n";
        let scrubbed = scrub_usage_error(text);
        assert!(!scrubbed.contains("TOKEN"), "{scrubbed}");
        assert!(
            scrubbed.contains("'make_webhook_url=[redacted]'"),
            "{scrubbed}"
        );
        let scrubbed =
            scrub_usage_error("error: invalid value 'https:TOKEN' for '--timeout <SECONDS>'");
        assert_eq!(
            scrubbed,
            "error: invalid value '[redacted URL]' for '--timeout <SECONDS>'"
        );
        assert_eq!(
            scrub_usage_error("--sandbox=http://x/TOKEN"),
            "--sandbox=[redacted URL]"
        );
        assert_eq!(
            scrub_usage_error("20001 is not in 1..=20000"),
            "20001 is not in 1..=20000"
        );
    }
}
