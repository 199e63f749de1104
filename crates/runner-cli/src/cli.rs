//! The command line, as clap derives it: doc comments are the help text.

use std::path::PathBuf;

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

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run a job and print its response as JSON.
    Execute(ExecuteArgs),
    /// List the jobs: name, folder, function, inputs and required environment.
    List(ListArgs),
    /// Parse and validate job folders without running anything.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ExecuteArgs {
    /// The job to run: its `run.job` name or its folder name.
    #[arg(long, value_name = "NAME")]
    pub(crate) job: String,

    /// Override an input: `KEY=VALUE`. VALUE is read as the input's declared
    /// type; JSON inputs take JSON text, or `@path` to read it from a file.
    #[arg(long = "input", value_name = "KEY=VALUE")]
    pub(crate) inputs: Vec<String>,

    /// Merge a JSON object of inputs (applied before `--input`).
    #[arg(long, value_name = "FILE.json")]
    pub(crate) input_file: Option<PathBuf>,

    /// Set an environment variable for the job: `KEY=VALUE` (wins over the
    /// process environment and `.env`).
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub(crate) envs: Vec<String>,

    /// Start an embedded Make-compatible webhook on 127.0.0.1, point
    /// `make_webhook_url` at it, and print what it received. No Make account
    /// needed. MODE rehearses trouble: accept (default),
    /// rate-limited[:N][:retry-after=S], unavailable[:N], gone, queue-full,
    /// scenario-failed, slow[:SECONDS].
    #[arg(long, value_name = "MODE", num_args = 0..=1, default_missing_value = "accept")]
    pub(crate) sandbox: Option<crate::sandbox::Plan>,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// A job folder or a folder of job folders (default: the jobs folder).
    pub(crate) path: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people.
    Text,
    /// For scripts: one JSON document.
    Json,
}
