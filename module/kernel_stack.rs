// SPDX-License-Identifier: GPL-2.0

//! Kernel stacks for `stack()`: the C side (stacks.c) knows where the hit's
//! stack starts and walks it with the kernel's unwinder. Probe context only.

use crate::bindings;

/// Writes the running hit's kernel return addresses, innermost first, as
/// 8-byte little-endian words into `out` (as many as fit) and returns the
/// bytes written. A hit with no kernel stack (BEGIN, a timer that
/// interrupted user mode) has none.
pub(crate) fn capture(out: &mut [u8]) -> usize {
    let max = u32::try_from(out.len() / 8).unwrap_or(u32::MAX);
    // SAFETY: `out` is valid for `max * 8` bytes of writes, and the capture
    // writes at most `max` words (unaligned stores); it reads only this
    // CPU's origin and the stack through the unwinder and nofault copies.
    let n = unsafe { bindings::rdtrace_stack_capture(out.as_mut_ptr(), max) };
    n.min(max) as usize * 8
}

/// The running hit's kernel stack depth (`stackdepth`): the frames
/// `capture` would write, counted up to `MAX_DEPTH`.
pub(crate) fn depth() -> u64 {
    const MAX_DEPTH: u32 = 1024;
    // SAFETY: with a null `out` the capture writes nothing; it reads only
    // this CPU's origin and the stack through the unwinder.
    u64::from(unsafe { bindings::rdtrace_stack_capture(core::ptr::null_mut(), MAX_DEPTH) })
}
