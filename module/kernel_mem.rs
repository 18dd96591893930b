// SPDX-License-Identifier: GPL-2.0

//! Memory and task facts for DIF programs, read the only safe ways: through
//! the kernel's nofault copy routines and the shim's `current` accessors.
//! Usable in any context, probe context included.

use crate::bindings;
use crate::dif::builtin::Builtin;
use crate::dif::fault::FaultCode;

/// Copies kernel memory at `addr`; a bad address is a fault, never an oops.
pub(crate) fn read_kernel(addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
    // SAFETY: `out` is valid for `out.len()` writes; the source is checked
    // and read by copy_from_kernel_nofault, which never faults.
    let rc = unsafe {
        bindings::copy_from_kernel_nofault(out.as_mut_ptr().cast(), addr as usize as *const _, out.len())
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(FaultCode::BadAddr)
    }
}

/// Copies user memory of the current task at `addr`, without sleeping.
pub(crate) fn read_user(addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
    // SAFETY: as for `read_kernel`; copy_from_user_nofault checks the range
    // is user memory and does not fault pages in.
    let rc = unsafe {
        bindings::copy_from_user_nofault(out.as_mut_ptr().cast(), addr as usize as *const _, out.len())
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(FaultCode::BadAddr)
    }
}

/// `timestamp`: monotonic nanoseconds, NMI-safe.
pub(crate) fn timestamp() -> u64 {
    // SAFETY: no preconditions; safe in any context.
    unsafe { bindings::rdtrace_shim_mono_ns() }
}

/// `walltimestamp`: nanoseconds since the epoch, NMI-safe.
pub(crate) fn walltimestamp() -> u64 {
    // SAFETY: no preconditions; safe in any context.
    unsafe { bindings::rdtrace_shim_wall_ns() }
}

/// The integer builtins that describe the current task, CPU and time;
/// `None` for those that depend on the probe.
pub(crate) fn task_builtin(which: Builtin) -> Option<u64> {
    // SAFETY: the shim's accessors read `current` and clocks; they have no
    // preconditions and are safe in any context.
    unsafe {
        Some(match which {
            Builtin::Pid | Builtin::Tgid => bindings::rdtrace_shim_current_tgid(),
            Builtin::Tid => bindings::rdtrace_shim_current_pid(),
            Builtin::Ppid => bindings::rdtrace_shim_current_ppid(),
            Builtin::Uid => bindings::rdtrace_shim_current_uid(),
            Builtin::Gid => bindings::rdtrace_shim_current_gid(),
            Builtin::Cpu => bindings::rdtrace_shim_cpu(),
            Builtin::Timestamp => timestamp(),
            Builtin::Walltimestamp => walltimestamp(),
            Builtin::Curthread => bindings::rdtrace_shim_current_task(),
            Builtin::Vtimestamp => bindings::rdtrace_shim_current_vtime_ns(),
            _ => return None,
        })
    }
}

/// `progenyof(pid)`: whether the current process is `pid` or descends
/// from it.
pub(crate) fn current_progenyof(pid: u64) -> bool {
    // SAFETY: the shim walks `current`'s ancestors under RCU with a bound;
    // no preconditions, safe in any context.
    unsafe { bindings::rdtrace_shim_current_progenyof(pid) != 0 }
}

/// `raise(sig)`: signal `sig` (1 to 64, which the interpreter checked) to
/// the current thread, sent once interrupts are on ([`FaultCode::NoSpace`]
/// while this CPU still holds an earlier one to send).
pub(crate) fn raise(sig: u64) -> Result<(), FaultCode> {
    let sig = i32::try_from(sig).map_err(|_| FaultCode::IllegalOp)?;
    // SAFETY: probe context with the CPU claimed (one raise at a time per
    // CPU); the shim takes its own reference on the thread.
    match unsafe { bindings::rdtrace_raise(sig) } {
        0 => Ok(()),
        _ => Err(FaultCode::NoSpace),
    }
}

/// The current task's command name into `out`; returns its length.
pub(crate) fn execname(out: &mut [u8]) -> usize {
    // SAFETY: `out` is valid for `out.len()` writes.
    unsafe { bindings::rdtrace_shim_current_comm(out.as_mut_ptr().cast(), out.len()) }
}

/// A random 64-bit number.
pub(crate) fn random() -> u64 {
    // SAFETY: no preconditions.
    unsafe { bindings::get_random_u64() }
}
