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

/// The default `--max-memory`: half of the machine's memory, at most 2 GB,
/// so the limit is met before the machine runs out (2 GB when the machine's
/// size cannot be read).
pub(crate) fn default_limit_mb() -> u64 {
    const MOST_MB: u64 = 2048;
    physical_memory_mb().map_or(MOST_MB, |total| (total / 2).clamp(64, MOST_MB))
}

/// `MemTotal` of `/proc/meminfo`, in MB (Linux).
fn physical_memory_mb() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|line| line.starts_with("MemTotal:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_limit_is_at_most_two_gigabytes_and_at_most_half_the_machine() {
        let limit = default_limit_mb();
        assert!((64..=2048).contains(&limit), "{limit}");
        if let Some(total) = physical_memory_mb() {
            assert!(limit <= total / 2 || limit == 64, "{limit} of {total}");
        }
    }
}
