// SPDX-License-Identifier: GPL-2.0

//! rdtrace: DTrace-style dynamic tracing for Linux, kernel side.
//!
//! This module registers `/dev/rdtrace`, through which the `rdtrace` tool
//! asks for facts about the kernel (and, in later versions, loads and runs
//! tracing programs).

use kernel::c_str;
use kernel::prelude::*;

mod anonymous;
mod budget;
mod called_returns;
mod bindings;
mod control;
mod cpu_state;
mod d_path_layout;
mod enable;
mod facts;
mod kapi;
mod heapsort;
mod kernel_mem;
mod kernel_stack;
mod user_stack;
mod kprobes;
mod load_ioctl;
mod lockdown;
mod miscdev;
mod probe_env;
mod probe_table;
mod program;
mod record;
mod ring;
mod session_vars;
mod speculation;
mod syscall_args;
mod test_run;
mod thread_exit;
mod timed;
mod tracepoints;
mod tracing;
mod uprobes;
mod verified_names;
mod wakeup;

/// The ABI shared with userspace: the very files of the `rdtrace-uapi` crate.
#[allow(unused_attributes, dead_code, unreachable_pub)]
#[path = "../uapi/src/lib.rs"]
mod abi;
// The uapi sources name their siblings `crate::...`; as the crate root there
// they are the module's root here.
#[allow(unused_imports)]
use abi::{aggs, denylist, dif, enabling, info, ioctl, load, trace, until_nul, vars, ABI_VERSION};

module! {
    type: RdTrace,
    name: "rdtrace",
    author: "rdtrace developers",
    description: "DTrace-style dynamic tracing",
    license: "GPL",
}

/// The loaded module: the device registration lives as long as it does.
struct RdTrace {
    // Dropped first (declaration order): no session outlives the hotplug state.
    _anonymous: anonymous::Slot,
    _device: miscdev::Registration<control::Session>,
    _hotplug: timed::Hotplug,
    // Dropped after the device: no ENABLE runs by then.
    _verified: verified_names::Keeper,
}

impl Drop for RdTrace {
    fn drop(&mut self) {
        // Every session is closed (each open file held the module), so
        // every hook is detached; what is left is a task preempted inside
        // a direct-call trampoline, which must leave the module's text.
        // SAFETY: no preconditions; process context.
        unsafe { bindings::rdtrace_hooks_quiesce() };
        // SAFETY: no probe is attached, so no raise() queues another.
        unsafe { bindings::rdtrace_raise_exit() };
    }
}

impl kernel::Module for RdTrace {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        // Mode 0666: the capability check in open decides, so that a user
        // without CAP_PERFMON is told EPERM rather than EACCES.
        // SAFETY: module init, before any probe can raise().
        unsafe { bindings::rdtrace_raise_init() };
        let hotplug = timed::Hotplug::register()?;
        let device = miscdev::Registration::register(c_str!("rdtrace"), 0o666)?;
        pr_info!("/dev/rdtrace ready (ABI {})\n", abi::ABI_VERSION);
        let anonymous = anonymous::start();
        Ok(RdTrace { _anonymous: anonymous, _device: device, _hotplug: hotplug, _verified: verified_names::Keeper })
    }
}
