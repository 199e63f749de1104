//! Exit codes are public API: scripts, cron and CI branch on them.
//! They follow the BSD `sysexits.h` values where one fits.

/// The job completed and its response's `status`, when it has one, is `success`.
pub(crate) const SUCCESS: i32 = 0;
/// The job failed, or Make did not accept the trigger.
pub(crate) const JOB_FAILED: i32 = 1;
/// Usage error: a bad flag or argument, or an unknown job.
pub(crate) const USAGE: i32 = 2;
/// Invalid input: a bad type, bad JSON, or a missing required input.
pub(crate) const INVALID_INPUT: i32 = 65;
/// The database is unreachable or locked by another process: try again later.
pub(crate) const DATABASE_UNAVAILABLE: i32 = 69;
/// Make rate limited the trigger (`status` = `rate_limited`): try again later.
pub(crate) const RATE_LIMITED: i32 = 75;
/// Configuration error: a missing environment variable or invalid job files.
pub(crate) const CONFIG: i32 = 78;
/// Cancelled by Ctrl-C (128 + SIGINT).
pub(crate) const CANCELLED: i32 = 130;
/// A batch stopped because stdout was closed (`| head`), as a program
/// killed by SIGPIPE would end (128 + SIGPIPE).
pub(crate) const STDOUT_CLOSED: i32 = 141;
/// Stopped by SIGTERM (128 + SIGTERM), as cron wrappers, systemd and CI send it.
pub(crate) const TERMINATED: i32 = 143;
