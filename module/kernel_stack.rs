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
