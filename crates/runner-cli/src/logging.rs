//! Logs go to stderr, through the redactor, at a level set by -v/-q or `RUST_LOG`.

use tracing_subscriber::EnvFilter;

use crate::redact::Redactor;

pub(crate) fn init(verbose: u8, quiet: bool, redactor: &Redactor) {
    let ours = if quiet {
        "error"
    } else {
        match verbose {
            0 => "info",
            1 => "debug",
            _ => "trace",
        }
    };
    // Dependencies stay at `warn` unless asked for at -vv, where their detail helps.
    let others = if verbose >= 2 { "debug" } else { "warn" };
    let default =
        format!("{others},runner_cli={ours},job_runner={ours},make_core={ours},xanoscript={ours}");
    let filter = EnvFilter::try_from_env("RUST_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(redactor.clone())
        .with_ansi(ansi)
        .with_target(verbose > 0)
        .without_time()
        .try_init();
}
