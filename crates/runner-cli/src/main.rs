//! `runner-cli`: run XanoScript run jobs locally, such as triggering a
//! Make.com scenario. See the README for the commands and exit codes.

mod batch;
mod cli;
mod clock;
mod commands;
mod database;
mod env;
mod error;
mod exit_codes;
mod history;
mod host;
mod inputs;
mod logging;
mod memory;
mod output;
mod prepare;
mod redact;
mod sandbox;
mod signals;

use clap::Parser;
use clap::error::ErrorKind;

fn main() {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => usage_error(&error),
    };
    let redactor = redact::Redactor::default();
    // Per-attempt logs of thousands of records would drown a batch's progress.
    let quiet = cli.quiet || (cli.is_batch() && cli.verbose == 0);
    logging::init(cli.verbose, quiet, &redactor);
    output::set_quiet(cli.quiet);
    redact_panics(&redactor);
    let code = match commands::run(cli, &redactor) {
        Ok(code) => code,
        Err(error) => {
            output::eprint(&redactor, &error.to_string());
            error.code
        }
    };
    std::process::exit(code);
}

/// clap's errors quote the argument they did not expect, which is often a
/// secret given without its flag (`make_webhook_url=https://...` without
/// `--env`, a URL after `--timeout`): such words are scrubbed first.
fn usage_error(error: &clap::Error) -> ! {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = error.print();
        std::process::exit(exit_codes::SUCCESS);
    }
    let text = cli::scrub_usage_error(&error.render().to_string());
    output::eprint(&redact::Redactor::default(), text.trim_end());
    std::process::exit(exit_codes::USAGE);
}

/// A panic message can quote any value it was handed, so it is redacted like
/// everything else before it reaches stderr.
fn redact_panics(redactor: &redact::Redactor) {
    let redactor = redactor.clone();
    std::panic::set_hook(Box::new(move |info| {
        let message = format!(
            "runner-cli crashed, which is a bug: {info}\nplease report it with the command you ran"
        );
        output::eprint(&redactor, &message);
    }));
}
