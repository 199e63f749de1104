//! Ctrl-C or SIGTERM in a batch: the first stops new runs from starting and
//! lets those in flight finish; the second cancels them too.

use tokio::runtime::Handle;
use tokio_util::sync::CancellationToken;

use crate::redact::Redactor;

/// Returns the token the first Ctrl-C cancels; the second cancels `in_flight`.
pub(crate) fn install(
    runtime: &Handle,
    in_flight: CancellationToken,
    redactor: &Redactor,
) -> CancellationToken {
    let stopping = CancellationToken::new();
    let stop = stopping.clone();
    let redactor = redactor.clone();
    runtime.spawn(async move {
        if crate::signals::next().await.is_none() {
            return;
        }
        stop.cancel();
        crate::output::eprint(
            &redactor,
            "\nstopping: no new runs start; waiting for the runs in flight (Ctrl-C or SIGTERM again cancels them)",
        );
        if crate::signals::next().await.is_some() {
            in_flight.cancel();
            crate::output::eprint(&redactor, "cancelling the runs in flight");
        }
    });
    stopping
}
