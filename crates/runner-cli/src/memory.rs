//! Counts the bytes the process has allocated, so the interpreter can end a
//! job whose values outgrow `--max-memory` with a clear error instead of
//! exhausting the machine. The count is one atomic load to read.

use std::alloc::System;

use cap::Cap;

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

/// Bytes allocated right now, by the whole process.
pub(crate) fn in_use() -> u64 {
    ALLOCATOR.allocated() as u64
}

/// A backstop for a single operation that overshoots the interpreter's
/// check (which runs between steps): past this, allocation fails and the
/// process stops rather than the machine swapping.
pub(crate) fn set_hard_limit(soft_limit_bytes: u64) {
    let hard = soft_limit_bytes
        .saturating_mul(4)
        .saturating_add(512 * 1024 * 1024);
    let _ = ALLOCATOR.set_limit(usize::try_from(hard).unwrap_or(usize::MAX));
}
