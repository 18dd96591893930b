// SPDX-License-Identifier: GPL-2.0

//! Reclaiming the `self->` variables of exited threads: a probe on the
//! `sched_process_exit` tracepoint (see thread_exit.c) frees the exiting
//! thread's entries as it exits. Chosen over a periodic clean because it
//! frees the space at once (a periodic clean would have to find dead
//! threads' tids among live ones) and costs one probe window of the table
//! per thread exit, only in sessions that have `self->` variables.
//! Entries a probe creates for the thread after the tracepoint (later in
//! `do_exit`) are not reclaimed.

use crate::bindings;
use crate::session_vars::SessionVars;
use kernel::prelude::*;

/// The tracepoint probe, attached for as long as this value lives.
///
/// # Invariants
///
/// `owner` is the `SessionVars` passed to [`ThreadExitHook::attach`], which
/// outlives this value; the probe is attached until `drop`.
pub(crate) struct ThreadExitHook {
    owner: *const SessionVars,
}

// SAFETY: the pointer is only handed back to C in `drop` (process context).
unsafe impl Send for ThreadExitHook {}
// SAFETY: as above; no method reads through it.
unsafe impl Sync for ThreadExitHook {}

impl ThreadExitHook {
    /// Attaches the probe for `vars`.
    ///
    /// # Safety
    ///
    /// `vars` must not move and must outlive the returned value.
    pub(crate) unsafe fn attach(vars: &SessionVars) -> Result<ThreadExitHook> {
        let owner: *const SessionVars = vars;
        // SAFETY: process context; `owner` stays valid while attached (the
        // caller's promise), and `drop` detaches it.
        let rc = unsafe { bindings::rdtrace_thread_exit_attach(owner.cast_mut().cast()) };
        if rc != 0 {
            return Err(Error::from_errno(rc));
        }
        // INVARIANT: attached for `owner`.
        Ok(ThreadExitHook { owner })
    }
}

impl Drop for ThreadExitHook {
    fn drop(&mut self) {
        // SAFETY: process context; after this returns no probe runs with
        // `owner`, so it may be freed.
        unsafe { bindings::rdtrace_thread_exit_detach(self.owner.cast_mut().cast()) };
    }
}

/// Called by thread_exit.c when the thread `tid` exits.
///
/// # Safety
///
/// `owner` is a `SessionVars` with an attached [`ThreadExitHook`].
#[no_mangle]
pub(crate) unsafe extern "C" fn rdtrace_thread_exited(owner: *mut core::ffi::c_void, tid: u64) {
    // SAFETY: by the function's contract, `owner` is live while attached.
    let vars = unsafe { &*owner.cast::<SessionVars>() };
    vars.thread_exited(tid);
}
