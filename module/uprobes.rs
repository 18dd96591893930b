// SPDX-License-Identifier: GPL-2.0

//! The pid provider's sites: `pidPID:MODULE:FUNCTION:entry`, `:OFFSET` and
//! `:return`. Userspace resolves the symbol (ELF and `/proc/PID/maps`) to
//! a user address of the target; each distinct probe (by ID) is one uprobe
//! or uretprobe (`uprobes.c`) on the file and offset mapped there,
//! registered at ENABLE so that a refusal names the probe, and
//! unregistered at teardown. Hits before GO or after STOP are ignored by
//! [`Tracing`]'s state. A hit reaches it through `rdtrace_hook_hit` with
//! the site's index.
//!
//! A USDT probe is a pid probe ([`PROBE_UPROBE`]) with a [`UsdtSpec`]:
//! its arguments read as its ELF note says and its semaphore counted up
//! by the kernel while it is placed (see `uprobes.c`).
//!
//! [`Tracing`]: crate::tracing::Tracing

use crate::bindings;
use crate::enable::{refuse, Refusal};
use crate::probe_table::Target;
use crate::trace::{EnableArgs, ProbeSpec, UsdtSpec, PROBE_UPROBE, PROBE_URETPROBE, USDT_ARG_ABS, USDT_MAX_ARGS};
use core::fmt::Write;
use kernel::alloc::KVec;
use kernel::error::code::{EFAULT, EINVAL, ENOEXEC, ESRCH};
use kernel::prelude::*;

/// One uprobe or uretprobe of an ENABLE and the clauses it fires.
pub(crate) struct UprobeSite {
    /// The probe's ID: every clause on it shares one uprobe.
    pub(crate) id: u32,
    /// `PROBE_UPROBE` or `PROBE_URETPROBE`.
    pub(crate) kind: u32,
    /// The target process.
    pub(crate) pid: u32,
    /// The user address in it.
    pub(crate) addr: u64,
    /// The index of its first probe in the ENABLE, to name it on refusal.
    pub(crate) first_probe: u32,
    /// The (probe, clause) pairs to run, in ENABLE order.
    pub(crate) targets: KVec<Target>,
    /// A USDT probe's arguments and semaphore.
    pub(crate) usdt: Option<UsdtSpec>,
}

/// Adds a target to the uprobe site with the ID and address of `p` (probe
/// index `index`; a USDT probe may have several sites); `Err(None)` if one
/// site was given two kinds or processes.
pub(crate) fn add_site(sites: &mut KVec<UprobeSite>, p: &ProbeSpec, index: u32, t: Target) -> core::result::Result<(), Option<Error>> {
    let at = match sites.iter().position(|s| s.id == p.id && s.addr == p.addr) {
        Some(at) => at,
        None => {
            let site = UprobeSite { id: p.id, kind: p.kind, pid: p.pid, addr: p.addr, first_probe: index, targets: KVec::new(), usdt: None };
            sites.push(site, GFP_KERNEL).map_err(|_| Some(ENOMEM))?;
            sites.len() - 1
        }
    };
    let site = &mut sites[at];
    if site.kind != p.kind || site.addr != p.addr || site.pid != p.pid {
        return Err(None);
    }
    site.targets.push(t, GFP_KERNEL).map_err(|_| Some(ENOMEM))
}

/// Words of an x86-64 `struct pt_regs`: a USDT register's index is below.
const PT_REGS_WORDS: u8 = 21;

/// Gives the uprobe site of probe `u.id` at `u.addr` its USDT arguments
/// and semaphore; why not if it is no uprobe site of this ENABLE or `u` is
/// malformed.
pub(crate) fn add_usdt(sites: &mut [UprobeSite], u: &UsdtSpec) -> core::result::Result<(), &'static str> {
    let site = sites.iter_mut().find(|s| s.id == u.id && s.addr == u.addr).ok_or("not a pid probe site of this enabling")?;
    if site.kind != PROBE_UPROBE || site.usdt.is_some() {
        return Err("not an entry uprobe, or given twice");
    }
    if u.nargs as usize > USDT_MAX_ARGS || u.semaphore % 2 != 0 {
        return Err("more arguments than <sys/sdt.h> allows, or a misaligned semaphore");
    }
    let bad = |a: &crate::trace::UsdtArg| a.kind > USDT_ARG_ABS || a.reg >= PT_REGS_WORDS || !matches!(a.size, 1 | 2 | 4 | 8) || a.signed > 1;
    if u.args[..u.nargs as usize].iter().any(bad) {
        return Err("an argument of a bad kind, register or size");
    }
    site.usdt = Some(*u);
    Ok(())
}

/// What the kernel's refusal `errno` (negative) means, for the user.
fn reason(errno: i32) -> &'static str {
    const EIO: i32 = 5;
    const EOPNOTSUPP: i32 = 95;
    match errno {
        e if e == ESRCH.to_errno() => "ESRCH: no such process",
        e if e == EFAULT.to_errno() => "EFAULT: nothing is mapped at that address",
        e if e == ENOEXEC.to_errno() => "ENOEXEC: not code mapped from a file",
        e if e == EINVAL.to_errno() => "EINVAL: not a place a uprobe can go",
        e if e == -EIO => "EIO: the file cannot be read",
        e if e == -EOPNOTSUPP => "EOPNOTSUPP: the instruction there cannot be probed",
        e if e == ENOMEM.to_errno() => "ENOMEM: out of memory",
        _ => "the kernel refused it",
    }
}

/// The registered uprobes of one session.
///
/// # Invariants
///
/// `raw` is null or came from `rdtrace_uprobes_new` and is freed once, in
/// `drop`; its owner outlives it.
pub(crate) struct Uprobes {
    raw: *mut bindings::rdtrace_uprobes,
}

// SAFETY: the C side is only used from process context by the session
// that owns it (under its lock); handlers only read their own site.
unsafe impl Send for Uprobes {}
// SAFETY: as above.
unsafe impl Sync for Uprobes {}

impl Uprobes {
    /// No uprobes.
    pub(crate) fn none() -> Uprobes {
        Uprobes { raw: core::ptr::null_mut() }
    }

    /// Registers every site of `sites` with `owner` as the hits' owner. A
    /// refusal names the site's first probe.
    ///
    /// # Safety
    ///
    /// `owner` is a [`Tracing`](crate::tracing::Tracing) that outlives the
    /// returned value.
    pub(crate) unsafe fn register(owner: *mut core::ffi::c_void, sites: &[UprobeSite], args: &mut EnableArgs) -> core::result::Result<Uprobes, Refusal> {
        if sites.is_empty() {
            return Ok(Uprobes::none());
        }
        // SAFETY: no preconditions; `owner` outlives it (function contract).
        let raw = unsafe { bindings::rdtrace_uprobes_new(owner, sites.len() as u32) };
        if raw.is_null() {
            return Err(refuse(args, ENOMEM, format_args!("out of memory")));
        }
        // Freed on any refusal below.
        let u = Uprobes { raw };
        for (i, s) in sites.iter().enumerate() {
            let ret = s.kind == PROBE_URETPROBE;
            let mut offset = 0u64;
            let (semaphore, nargs, usdt_args) = match &s.usdt {
                Some(usdt) => (usdt.semaphore, usdt.nargs, usdt.args.as_ptr().cast()),
                None => (0, 0, core::ptr::null()),
            };
            // SAFETY: `raw` is valid and `i` is below the count it was made
            // with; `usdt_args` holds `nargs` arguments (checked at
            // `add_usdt`), laid out as `struct rdtrace_usdt_arg` (the
            // uapi's header test).
            let err = unsafe { bindings::rdtrace_uprobes_add(u.raw, i as u32, s.pid as i32, s.addr, ret, semaphore, usdt_args, nargs, &mut offset) };
            if err != 0 {
                args.error_probe = s.first_probe;
                let why = reason(err);
                let mut msg = crate::load::FixedWriter::new(&mut args.message);
                let _ = write!(msg, "cannot probe address {:#x} of process {} ({why})", s.addr, s.pid);
                return Err(Refusal { errno: Error::from_errno(err) });
            }
        }
        Ok(u)
    }
}

impl Drop for Uprobes {
    fn drop(&mut self) {
        // SAFETY: `raw` came from `rdtrace_uprobes_new` or is null, which
        // the free accepts; on return no handler is running.
        unsafe { bindings::rdtrace_uprobes_free(self.raw) };
        self.raw = core::ptr::null_mut();
    }
}
