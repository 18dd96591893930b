// SPDX-License-Identifier: GPL-2.0

//! What an fbt hit takes only once its gates have let it through:
//! ftrace's recursion lock and this CPU's stack origin (`stack()` starts
//! there). The gates and fixed-key aggregations before it call nothing
//! traceable and read no stack, so a rejected hit pays for neither.

use crate::bindings;

/// Where a hook's hit happened (hooks.h's `struct rdtrace_hit_site`).
pub(crate) type HitSite = bindings::rdtrace_hit_site;

/// Held while a hit's general path runs; released on drop.
pub(crate) struct HitGuard<'a> {
    site: &'a HitSite,
    bit: i32,
    prev: bindings::rdtrace_stack_origin,
}

impl<'a> HitGuard<'a> {
    /// The guard for a hit at `site`, or `None` if the hit recurses
    /// (dropped, as ftrace's own callbacks drop it).
    #[inline(always)]
    pub(crate) fn begin(site: &'a HitSite) -> Option<Self> {
        let mut prev = bindings::rdtrace_stack_origin::default();
        // SAFETY: `site` and `prev` are valid for the call; the hooks call
        // in with preemption off (their contract), so the CPU whose origin
        // this sets is the one the hit runs on until the guard drops.
        let bit = unsafe { bindings::rdtrace_hooks_hit_begin(site, &mut prev) };
        (bit >= 0).then_some(HitGuard { site, bit, prev })
    }
}

impl Drop for HitGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: ends the successful begin above, on the same CPU
        // (preemption is still off).
        unsafe { bindings::rdtrace_hooks_hit_end(self.site, self.bit, &self.prev) };
    }
}
