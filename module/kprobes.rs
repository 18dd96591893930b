// SPDX-License-Identifier: GPL-2.0

//! The kprobe provider's sites: `kprobe:FUNC+OFFSET` and `kretprobe:FUNC`,
//! for code ftrace cannot patch. Each distinct probe (by ID) is one kprobe
//! or kretprobe (`kprobes.c`) registered by name at ENABLE, disarmed, so
//! that the kernel's refusal (a bad offset, a blacklisted function) names
//! the probe; armed at GO, disarmed at STOP, unregistered at teardown. A hit
//! reaches [`Tracing`] through `rdtrace_hook_hit` with the site's index.
//!
//! [`Tracing`]: crate::tracing::Tracing

use crate::bindings;
use crate::enable::{refuse, Refusal};
use kernel::error::code::{E2BIG, EBUSY, EINVAL, ENOENT, EPERM, ERANGE};
use crate::probe_table::Target;
use crate::trace::{EnableArgs, ProbeSpec, PROBE_KRETPROBE};
use core::fmt::Write;
use kernel::alloc::KVec;
use kernel::prelude::*;

const SYMBOL_LEN: usize = bindings::RDTRACE_KPROBE_SYMBOL_LEN as usize;

/// One kprobe or kretprobe of an ENABLE and the clauses it fires.
pub(crate) struct KprobeSite {
    /// The probe's ID: every clause on it shares one kprobe.
    pub(crate) id: u32,
    /// `PROBE_KPROBE` or `PROBE_KRETPROBE`.
    pub(crate) kind: u32,
    /// The offset (kprobe) or `maxactive` (kretprobe).
    pub(crate) addr: u64,
    /// The index of its first probe in the ENABLE, to name it on refusal.
    pub(crate) first_probe: u32,
    /// `function`, or `module:function` for a module's, NUL-terminated.
    symbol: [u8; SYMBOL_LEN],
    /// The (probe, clause) pairs to run, in ENABLE order.
    pub(crate) targets: KVec<Target>,
}

/// The kernel's name for the function of `p`: `module:function` unless
/// the module is the kernel's own.
fn symbol(p: &ProbeSpec) -> [u8; SYMBOL_LEN] {
    let mut out = [0u8; SYMBOL_LEN];
    let module = crate::abi::until_nul(&p.module);
    let function = crate::abi::until_nul(&p.function);
    let mut at = 0;
    let mut put = |bytes: &[u8]| {
        for &b in bytes {
            if at + 1 < SYMBOL_LEN {
                out[at] = b;
                at += 1;
            }
        }
    };
    if !module.is_empty() && module != b"vmlinux" {
        put(module);
        put(b":");
    }
    put(function);
    out
}

/// Adds a target to the kprobe site with the ID of `p` (probe index
/// `index`); `Err(None)` if one ID was given two kinds or places.
pub(crate) fn add_site(sites: &mut KVec<KprobeSite>, p: &ProbeSpec, index: u32, t: Target) -> core::result::Result<(), Option<Error>> {
    let at = match sites.iter().position(|s| s.id == p.id) {
        Some(at) => at,
        None => {
            let site = KprobeSite { id: p.id, kind: p.kind, addr: p.addr, first_probe: index, symbol: symbol(p), targets: KVec::new() };
            sites.push(site, GFP_KERNEL).map_err(|_| Some(ENOMEM))?;
            sites.len() - 1
        }
    };
    let site = &mut sites[at];
    if site.kind != p.kind || site.addr != p.addr || site.symbol != symbol(p) {
        return Err(None);
    }
    site.targets.push(t, GFP_KERNEL).map_err(|_| Some(ENOMEM))
}

/// What the kernel's refusal `errno` (negative) means, for the user.
fn reason(errno: i32) -> &'static str {
    // Linux's numbers (asm-generic/errno*.h) for those the `kernel` crate
    // does not name.
    const EILSEQ: i32 = 84;
    const EOPNOTSUPP: i32 = 95;
    match errno {
        e if e == -EILSEQ => "EILSEQ: not an instruction boundary",
        e if e == ENOENT.to_errno() => "ENOENT: no such function",
        e if e == EINVAL.to_errno() => "EINVAL: not probeable (kprobes blacklist, noinstr or not text)",
        e if e == EPERM.to_errno() => "EPERM: the function is rdtrace's own",
        e if e == EBUSY.to_errno() => "EBUSY: the address is in use",
        e if e == -EOPNOTSUPP => "EOPNOTSUPP: the instruction there cannot be probed",
        e if e == E2BIG.to_errno() => "E2BIG: maxactive is too large",
        e if e == ENOMEM.to_errno() => "ENOMEM: out of memory",
        _ => "the kernel refused it",
    }
}

/// Whether the kprobe of `s`, registered at `addr`, is in the function it
/// names (an offset past its end lands in the next one).
fn lands_in_its_function(s: &KprobeSite, addr: u64) -> bool {
    let mut buf = [0u8; 512];
    let actual = crate::enable::symbol_name(addr, &mut buf);
    let symbol = crate::abi::until_nul(&s.symbol);
    // `module:function` names `function`.
    let function = match symbol.iter().position(|&b| b == b':') {
        Some(colon) => &symbol[colon + 1..],
        None => symbol,
    };
    actual == function
}

/// The registered kprobes of one session.
///
/// # Invariants
///
/// `raw` is null or came from `rdtrace_kprobes_new` and is freed once, in
/// `drop`; its owner outlives it.
pub(crate) struct Kprobes {
    raw: *mut bindings::rdtrace_kprobes,
}

// SAFETY: the C side is only used from process context by the session
// that owns it (under its lock); handlers only read their own site.
unsafe impl Send for Kprobes {}
// SAFETY: as above.
unsafe impl Sync for Kprobes {}

impl Kprobes {
    /// No kprobes.
    pub(crate) fn none() -> Kprobes {
        Kprobes { raw: core::ptr::null_mut() }
    }

    /// Registers every site of `sites`, disarmed, with `owner` as the
    /// hits' owner. A refusal names the site's first probe.
    ///
    /// # Safety
    ///
    /// `owner` is a [`Tracing`](crate::tracing::Tracing) that outlives the
    /// returned value.
    pub(crate) unsafe fn register(owner: *mut core::ffi::c_void, sites: &[KprobeSite], args: &mut EnableArgs) -> core::result::Result<Kprobes, Refusal> {
        if sites.is_empty() {
            return Ok(Kprobes::none());
        }
        // SAFETY: no preconditions; `owner` outlives it (function contract).
        let raw = unsafe { bindings::rdtrace_kprobes_new(owner, sites.len() as u32) };
        if raw.is_null() {
            return Err(refuse(args, ENOMEM, format_args!("out of memory")));
        }
        // Freed on any refusal below.
        let k = Kprobes { raw };
        for (i, s) in sites.iter().enumerate() {
            let ret = s.kind == PROBE_KRETPROBE;
            let (offset, maxactive) = if ret { (0, s.addr as u32) } else { (s.addr as u32, 0) };
            let mut addr = 0u64;
            // SAFETY: `raw` is valid; `symbol` is NUL-terminated and copied.
            let err = unsafe { bindings::rdtrace_kprobes_add(k.raw, i as u32, s.symbol.as_ptr().cast(), offset, ret, maxactive, &mut addr) };
            if err == 0 && !lands_in_its_function(s, addr) {
                // The kernel checks the instruction, not that it is FUNC's.
                args.error_probe = s.first_probe;
                let mut msg = crate::load::FixedWriter::new(&mut args.message);
                let _ = write!(msg, "cannot probe (ERANGE: offset {} is past the function's end)", s.addr);
                return Err(Refusal { errno: ERANGE });
            }
            if err != 0 {
                args.error_probe = s.first_probe;
                let why = reason(err);
                let mut msg = crate::load::FixedWriter::new(&mut args.message);
                let _ = write!(msg, "cannot probe ({why})");
                return Err(Refusal { errno: Error::from_errno(err) });
            }
        }
        Ok(k)
    }

    /// Arms every site. Process context.
    pub(crate) fn enable(&self) -> Result {
        if self.raw.is_null() {
            return Ok(());
        }
        // SAFETY: `raw` is valid (invariant).
        let err = unsafe { bindings::rdtrace_kprobes_enable(self.raw) };
        if err != 0 {
            return Err(Error::from_errno(err));
        }
        Ok(())
    }

    /// Disarms every site. Process context.
    pub(crate) fn disable(&self) {
        if !self.raw.is_null() {
            // SAFETY: `raw` is valid (invariant).
            unsafe { bindings::rdtrace_kprobes_disable(self.raw) };
        }
    }

    /// The hits the kernel skipped.
    pub(crate) fn missed(&self) -> u64 {
        if self.raw.is_null() {
            return 0;
        }
        // SAFETY: `raw` is valid (invariant).
        unsafe { bindings::rdtrace_kprobes_missed(self.raw) }
    }
}

impl Drop for Kprobes {
    fn drop(&mut self) {
        // SAFETY: `raw` came from `rdtrace_kprobes_new` or is null, which
        // the free accepts; on return no handler is running.
        unsafe { bindings::rdtrace_kprobes_free(self.raw) };
        self.raw = core::ptr::null_mut();
    }
}
