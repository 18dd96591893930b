// SPDX-License-Identifier: GPL-2.0

//! The return sites rdtrace sees by calling the function itself from its
//! return trampoline (`direct_tramp.S`) rather than through fprobe: those
//! whose every return probe came flagged `PROBE_REGISTER_ARGS` (userspace
//! read the function's BTF: no argument on the stack for the trampoline to
//! copy). A site with any other return probe on it, a syscall return on its
//! wrapper say, stays with fprobe.

use crate::heapsort;
use kernel::alloc::KVVec;
use kernel::prelude::*;

/// The most return sites a session sees by calling: each called function
/// keeps the return trampoline's frame (48 bytes) on the stack while it
/// runs, so a chain of nested called functions grows the kernel stack by
/// that much a level. Whole-kernel return probing (`fbt:::return`) nests
/// deep and goes by fprobe, whose return addresses live off the stack.
const MAX_CALLED_SITES: usize = 1024;

/// Sorted, distinct addresses.
pub(crate) struct CalledReturns(KVVec<u64>);

impl CalledReturns {
    /// The addresses in `flagged` but not in `unflagged` (both unsorted,
    /// with repeats; sorted here); none if there are too many.
    pub(crate) fn build(mut flagged: KVVec<u64>, mut unflagged: KVVec<u64>) -> Result<CalledReturns> {
        heapsort::sort_by_key(flagged.as_mut_slice(), |&a| a);
        heapsort::sort_by_key(unflagged.as_mut_slice(), |&a| a);
        let mut called = KVVec::with_capacity(flagged.len(), GFP_KERNEL)?;
        for (i, &a) in flagged.iter().enumerate() {
            let repeat = i > 0 && flagged.get(i - 1) == Some(&a);
            if !repeat && unflagged.binary_search(&a).is_err() {
                called.push(a, GFP_KERNEL)?;
            }
        }
        if called.len() > MAX_CALLED_SITES {
            return Ok(CalledReturns(KVVec::new()));
        }
        Ok(CalledReturns(called))
    }

    /// Whether the return at `addr` is seen by calling the function.
    pub(crate) fn contains(&self, addr: u64) -> bool {
        self.0.binary_search(&addr).is_ok()
    }

    /// The addresses, in order.
    pub(crate) fn addrs(&self) -> &[u64] {
        &self.0
    }
}
