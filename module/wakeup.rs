// SPDX-License-Identifier: GPL-2.0

//! A wait queue that probe context can wake, for `poll(2)` (see wakeup.c).

use crate::bindings;
use kernel::prelude::*;

/// A consumer's wait queue.
///
/// # Invariants
///
/// `raw` came from `rdtrace_wakeup_new` and is freed only in `drop`.
pub(crate) struct Wakeup {
    raw: *mut bindings::rdtrace_wakeup,
}

// SAFETY: the C side is a wait queue and an irq_work, both safe to use
// from any CPU and context.
unsafe impl Send for Wakeup {}
// SAFETY: as above.
unsafe impl Sync for Wakeup {}

impl Wakeup {
    /// A new, empty wait queue.
    pub(crate) fn new() -> Result<Wakeup> {
        // SAFETY: no preconditions; process context.
        let raw = unsafe { bindings::rdtrace_wakeup_new() };
        if raw.is_null() {
            return Err(ENOMEM);
        }
        // INVARIANT: just created.
        Ok(Wakeup { raw })
    }

    /// A handle the probe path wakes through. The caller keeps it no
    /// longer than this `Wakeup` lives.
    pub(crate) fn handle(&self) -> WakeHandle {
        WakeHandle { raw: self.raw }
    }

    /// Adds the polling file to the queue (`poll_wait`).
    pub(crate) fn poll_wait(&self, table: &crate::miscdev::PollTable) {
        // SAFETY: `raw` is valid (invariant); `table`'s pointers are the
        // VFS's for the duration of the poll call.
        unsafe { bindings::rdtrace_wakeup_poll_wait(self.raw, table.file, table.table) };
    }
}

impl Drop for Wakeup {
    fn drop(&mut self) {
        // SAFETY: valid (invariant); every `WakeHandle` user (the probes of
        // the session's tracing) is gone before the session drops this.
        unsafe { bindings::rdtrace_wakeup_free(self.raw) };
    }
}

/// What a probe hit uses to wake the consumer.
#[derive(Clone, Copy)]
pub(crate) struct WakeHandle {
    raw: *mut bindings::rdtrace_wakeup,
}

// SAFETY: see `Wakeup`.
unsafe impl Send for WakeHandle {}
// SAFETY: see `Wakeup`.
unsafe impl Sync for WakeHandle {}

impl WakeHandle {
    /// Wakes a sleeping consumer; safe in any context, NMI included.
    pub(crate) fn notify(&self) {
        // SAFETY: the `Wakeup` outlives every handle (see `handle`).
        unsafe { bindings::rdtrace_wakeup_notify(self.raw) };
    }
}
