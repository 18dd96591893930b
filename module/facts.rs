// SPDX-License-Identifier: GPL-2.0

//! Facts about the running kernel, gathered for the INFO ioctl.

use crate::abi::info::{feature, Info, RELEASE_LEN};
use crate::abi::ABI_VERSION;
use crate::bindings;
use kernel::prelude::*;

// The shim's feature bits are the ABI's; a mismatch fails the build.
const _: () = assert!(bindings::RDTRACE_SHIM_FTRACE as u64 == feature::FTRACE);
const _: () = assert!(bindings::RDTRACE_SHIM_FTRACE_DIRECT as u64 == feature::FTRACE_DIRECT);
const _: () = assert!(bindings::RDTRACE_SHIM_FPROBE as u64 == feature::FPROBE);
const _: () = assert!(bindings::RDTRACE_SHIM_KPROBES as u64 == feature::KPROBES);
const _: () = assert!(bindings::RDTRACE_SHIM_KRETPROBES as u64 == feature::KRETPROBES);
const _: () =
    assert!(bindings::RDTRACE_SHIM_KPROBES_ON_FTRACE as u64 == feature::KPROBES_ON_FTRACE);

/// Fills an [`Info`], without the function count (every open of the
/// device asks: see [`count_functions`]).
pub(crate) fn gather() -> Info {
    let mut info = Info {
        abi_version: ABI_VERSION,
        ..Info::default()
    };
    // SAFETY: the shim's fact getters have no preconditions.
    unsafe {
        info.online_cpus = bindings::rdtrace_shim_online_cpus();
        info.possible_cpus = bindings::rdtrace_shim_possible_cpus();
        info.features = bindings::rdtrace_shim_features();
    }
    // SAFETY: `release` is writable for `RELEASE_LEN` bytes.
    unsafe { bindings::rdtrace_shim_kernel_release(info.release.as_mut_ptr().cast(), RELEASE_LEN) };
    info
}

/// The functions ftrace can trace. Sleeps (it takes ftrace's lock) and
/// matches every ftrace record, a kallsyms lookup each: half a second
/// under TCG, so only `rdtrace info` asks.
pub(crate) fn count_functions() -> Result<u64> {
    // SAFETY: process context (an ioctl), where sleeping is allowed.
    let count = unsafe { bindings::rdtrace_shim_count_ftrace_functions() };
    u64::try_from(count).map_err(|_| Error::from_errno(count as i32))
}
