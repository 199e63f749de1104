//! `runner-cli`: run XanoScript run jobs locally, such as triggering a
//! Make.com scenario. See the README for the commands and exit codes.

mod batch;
mod cli;
mod commands;
mod env;
mod error;
mod exit_codes;
mod host;
mod inputs;
mod logging;
mod memory;
mod output;
mod redact;
mod sandbox;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    let redactor = redact::Redactor::default();
    // Per-attempt logs of thousands of records would drown a batch's progress.
    let quiet = cli.quiet || (cli.is_batch() && cli.verbose == 0);
    logging::init(cli.verbose, quiet, &redactor);
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
