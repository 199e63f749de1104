//! Ctrl-C (SIGINT) and SIGTERM, which cron wrappers, systemd and CI send to
//! stop a job, are handled alike: the first stops what is under way
//! cleanly. The exit code says which one it was (128 + the signal's number).

use std::sync::atomic::{AtomicI32, Ordering};

use crate::exit_codes;

/// The exit code of the first stop signal received, 0 until one is.
static STOPPED_BY: AtomicI32 = AtomicI32::new(0);

/// Waits for the next SIGINT or SIGTERM; returns its exit code (130 or 143),
/// or `None` when no signal can be listened for.
pub(crate) async fn next() -> Option<i32> {
    let code = wait().await?;
    let _ = STOPPED_BY.compare_exchange(0, code, Ordering::SeqCst, Ordering::SeqCst);
    Some(code)
}

#[cfg(unix)]
async fn wait() -> Option<i32> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate()).ok()?;
    tokio::select! {
        interrupted = tokio::signal::ctrl_c() => interrupted.ok().map(|()| exit_codes::CANCELLED),
        _ = terminate.recv() => Some(exit_codes::TERMINATED),
    }
}

#[cfg(not(unix))]
async fn wait() -> Option<i32> {
    tokio::signal::ctrl_c()
        .await
        .ok()
        .map(|()| exit_codes::CANCELLED)
}

/// The exit code of the signal that stopped the run: 143 after SIGTERM,
/// else 130 (Ctrl-C, or a stop for which no signal came).
pub(crate) fn stop_code() -> i32 {
    match STOPPED_BY.load(Ordering::SeqCst) {
        0 => exit_codes::CANCELLED,
        code => code,
    }
}
