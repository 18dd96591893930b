// SPDX-License-Identifier: GPL-2.0

//! The current thread's user context: its stack for `ustack()`,
//! `ustackdepth` and `ucaller` (stacks.c walks its frame pointers with
//! nofault reads), its registers for `uregs[]`. Probe context only.

use crate::bindings;

/// The most frames `ustackdepth` counts.
const MAX_DEPTH: u32 = 1024;

/// The current process ID, then the thread's user return addresses,
/// innermost first, as 8-byte little-endian words into `out` (as many as
/// fit); returns the bytes written. A kernel thread has only its ID.
pub(crate) fn capture(out: &mut [u8]) -> usize {
    let Some((pid, frames)) = out.split_first_chunk_mut::<8>() else {
        return 0;
    };
    // SAFETY: reads `current`'s tgid; no preconditions.
    *pid = unsafe { bindings::rdtrace_shim_current_tgid() }.to_le_bytes();
    let max = u32::try_from(frames.len() / 8).unwrap_or(u32::MAX);
    // SAFETY: `frames` is valid for `max * 8` bytes of writes, and the
    // capture writes at most `max` words (unaligned stores); it reads user
    // memory only through nofault copies.
    let n = unsafe { bindings::rdtrace_ustack_capture(frames.as_mut_ptr(), max) };
    8 + n.min(max) as usize * 8
}

/// The user stack's depth (`ustackdepth`), counted up to `MAX_DEPTH`.
pub(crate) fn depth() -> u64 {
    // SAFETY: with a null `out` the capture writes nothing.
    u64::from(unsafe { bindings::rdtrace_ustack_capture(core::ptr::null_mut(), MAX_DEPTH) })
}

/// The user caller (`ucaller`): the stack's second frame, or 0.
pub(crate) fn caller() -> u64 {
    let mut two = [0u8; 16];
    // SAFETY: `two` holds two words; the capture writes at most two.
    let n = unsafe { bindings::rdtrace_ustack_capture(two.as_mut_ptr(), 2) };
    match n {
        2 => u64::from_le_bytes(two[8..].try_into().unwrap_or([0; 8])),
        _ => 0,
    }
}

/// User register `reg` (`uregs[reg]`), 0 where there is none.
pub(crate) fn register(reg: u64) -> u64 {
    let Ok(reg) = u32::try_from(reg) else { return 0 };
    // SAFETY: reads `current`'s saved user registers, bounds-checked in C.
    unsafe { bindings::rdtrace_uregs_read(reg) }
}
