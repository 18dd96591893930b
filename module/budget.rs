// SPDX-License-Identifier: GPL-2.0

//! The memory a session asks for, checked against what the machine has
//! before any of it is allocated: a request it cannot meet is refused with
//! the number asked and the number allowed, instead of failing half-way or
//! pushing the machine into the OOM killer (kvmalloc of hundreds of MiB).

use crate::bindings;

/// The most a session may take: this share of the memory available now.
const SHARE_DIVISOR: u64 = 2;

/// The bytes one session's buffers take, as ENABLE will allocate them.
pub(crate) struct Request {
    pub(crate) ncpus: u64,
    /// Each CPU's principal buffer.
    pub(crate) bufsize: u64,
    /// Each CPU's aggregation table (0 for a session without aggregations).
    pub(crate) aggsize: u64,
    /// The dynamic-variable table (0 for a session without dynamic
    /// variables).
    pub(crate) dynvarsize: u64,
    /// Each CPU's speculation buffers, all of them (0 for a session
    /// without speculations).
    pub(crate) spec_bytes: u64,
}

impl Request {
    /// The whole request, saturating.
    pub(crate) fn total(&self) -> u64 {
        let per_cpu = self.bufsize.saturating_add(self.aggsize).saturating_add(self.spec_bytes);
        per_cpu.saturating_mul(self.ncpus).saturating_add(self.dynvarsize)
    }
}

/// The most one session may allocate now.
pub(crate) fn allowed() -> u64 {
    // SAFETY: no preconditions.
    let available = unsafe { bindings::rdtrace_shim_available_bytes() };
    available / SHARE_DIVISOR
}
