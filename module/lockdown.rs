// SPDX-License-Identifier: GPL-2.0

//! The kernel's lockdown: under `lockdown=confidentiality` (or with the
//! module's `deny_kernel_reads=1`) a program that reads kernel memory is
//! refused before it runs, at ENABLE and at a LOAD test run, as BPF refuses
//! its kernel-reading helpers (`LOCKDOWN_BPF_READ_KERNEL`). What a program
//! reads is a fact of its instructions (`crate::dif::kernel_reads`), so
//! nothing is checked in probe context.

use crate::bindings;
use crate::dif::kernel_reads::{self, KernelRead};
use crate::program::Program;
use core::fmt;

/// Why `prog` may not run: how it reads kernel memory, and what forbids
/// that; `None` when it may.
pub(crate) fn refusal(prog: &Program) -> Option<Refusal> {
    let blob = crate::program::blob_of(prog)?;
    let (_, read) = kernel_reads::first(&blob)?;
    // SAFETY: process context (an ioctl or the kernel API's enable), where
    // the lockdown LSM may log.
    let why = unsafe { bindings::rdtrace_lockdown_kernel_reads() };
    match why as u32 {
        bindings::RDTRACE_LOCKDOWN_KERNEL => Some(Refusal { read, param: false }),
        bindings::RDTRACE_LOCKDOWN_PARAM => Some(Refusal { read, param: true }),
        _ => None,
    }
}

/// A kernel read that lockdown forbids, in words by `Display` (short: the
/// refusal's clause number and this fit ENABLE's 128-byte message).
pub(crate) struct Refusal {
    read: KernelRead,
    /// Forbidden by `deny_kernel_reads=1`, not the kernel's lockdown.
    param: bool,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.read.describe();
        if self.param {
            write!(f, "{what} reads kernel memory: refused as under lockdown (deny_kernel_reads=1)")
        } else {
            write!(f, "{what} reads kernel memory: refused by the kernel's lockdown (confidentiality)")
        }
    }
}
