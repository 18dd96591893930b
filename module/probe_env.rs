// SPDX-License-Identifier: GPL-2.0

//! The DIF environment of a probe hit: the hit's arguments and identity,
//! nofault memory reads, and a record being built in the CPU's staging
//! area. Runs in probe context: nothing here sleeps, allocates or locks.

use crate::cpu_state::CpuState;
use crate::dif::builtin::Builtin;
use crate::dif::env::{AggFunc, Env, Loaded, Value, VarRef};
use crate::dif::fault::FaultCode;
use crate::abi::until_nul;
use crate::d_path_layout;
use crate::dif::interp::d_path::PathLayout;
use crate::kernel_mem;
use crate::kernel_stack;
use crate::user_stack;
use crate::record::RecordWriter;
use crate::speculation::{SpecEffects, Speculations};
use crate::trace::record::{ITEM_EXIT, ITEM_STACK, ITEM_USTACK};
use crate::trace::{probe_function_and_name, probe_provider, syscall_errno, ProbeSpec, PROBE_SYSCALL_RETURN};
use crate::aggs::{llquantize, lquantize, quantize};
use crate::aggs::table::{AggTable, Updated};
use crate::vars::key::Key;
use crate::vars::{StoreOutcome, Vars};
use core::cell::Cell;
use core::sync::atomic::{AtomicU64, Ordering};

/// Everything a program may ask about the hit.
pub(crate) struct Hit<'a> {
    /// arg0..arg5 (on fbt return: arg0 the return address, arg1 the
    /// value; on syscall return both the value).
    pub(crate) args: &'a [u64; 6],
    /// The probe that fired.
    pub(crate) probe: &'a ProbeSpec,
    /// The clause's EPID.
    pub(crate) epid: u32,
    /// The caller's address.
    pub(crate) caller: u64,
    /// The session's variables as this CPU sees them.
    pub(crate) vars: &'a Vars<'a>,
    /// The CPU it runs on (an index into the session's CPU states).
    pub(crate) cpu: usize,
    /// The session's speculations.
    pub(crate) specs: &'a Speculations,
}

/// [`Env`] for one clause of one hit.
pub(crate) struct ProbeEnv<'h, 'r> {
    pub(crate) hit: &'h Hit<'h>,
    pub(crate) cpu: &'h CpuState,
    pub(crate) rec: RecordWriter<'r>,
    /// Set by `exit()`.
    pub(crate) exit: Option<u64>,
    /// Set by `speculate()`, `commit()` and `discard()`.
    pub(crate) spec: SpecEffects,
    /// Where to note the entry of the clause's one aggregation, when its
    /// key is fixed for the probe (see `crate::tracing::fast_hit`).
    pub(crate) agg_cache: Option<&'h AtomicU64>,
    /// The clause's clocks, shared with its predicate's run.
    pub(crate) clock: &'h ClauseClock,
}

/// `timestamp` and `walltimestamp` as one clause sees them: each read at
/// its first use, then the same for the rest of the clause, its predicate
/// included, as in DTrace (whose probe state caches both per enabling);
/// `vtimestamp` is read afresh.
#[derive(Default)]
pub(crate) struct ClauseClock {
    mono: Cell<u64>,
    wall: Cell<u64>,
}

impl ClauseClock {
    /// The clause's value of `which`, if it is one of its clocks.
    #[inline(always)]
    pub(crate) fn read(&self, which: Builtin) -> Option<u64> {
        let (cell, clock): (_, fn() -> u64) = match which {
            Builtin::Timestamp => (&self.mono, kernel_mem::timestamp),
            Builtin::Walltimestamp => (&self.wall, kernel_mem::walltimestamp),
            _ => return None,
        };
        Some(match cell.get() {
            0 => {
                let now = clock();
                cell.set(now);
                now
            }
            now => now,
        })
    }
}

/// An integer builtin's value on a hit of `probe` with `args`, as the
/// clause with EPID `epid` sees it, called from `caller`.
#[inline(always)]
pub(crate) fn hit_builtin(
    which: Builtin,
    args: &[u64; 6],
    probe: &ProbeSpec,
    epid: u32,
    caller: u64,
    clock: &ClauseClock,
) -> u64 {
    if let Some(now) = clock.read(which) {
        return now;
    }
    if let Some(v) = kernel_mem::task_builtin(which) {
        return v;
    }
    match which {
        Builtin::Retval => args[1],
        Builtin::Id => u64::from(probe.id),
        Builtin::Epid => u64::from(epid),
        Builtin::Caller => caller,
        Builtin::Stackdepth => kernel_stack::depth(),
        Builtin::Ustackdepth => user_stack::depth(),
        Builtin::Ucaller => user_stack::caller(),
        Builtin::Errno if probe.kind == PROBE_SYSCALL_RETURN => syscall_errno(args[1]),
        _ => 0,
    }
}

fn copy_str(src: &[u8], out: &mut [u8]) -> usize {
    let n = src.len().min(out.len());
    out[..n].copy_from_slice(&src[..n]);
    n
}

impl Env for ProbeEnv<'_, '_> {
    fn read_kernel(&mut self, addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        kernel_mem::read_kernel(addr, out)
    }

    fn read_user(&mut self, addr: u64, out: &mut [u8]) -> Result<(), FaultCode> {
        kernel_mem::read_user(addr, out)
    }

    fn builtin(&mut self, which: Builtin) -> Result<u64, FaultCode> {
        let h = self.hit;
        Ok(hit_builtin(which, h.args, h.probe, h.epid, h.caller, self.clock))
    }

    fn builtin_str(&mut self, which: Builtin, out: &mut [u8]) -> Result<usize, FaultCode> {
        let probe = self.hit.probe;
        let (mut digits, mut provider) = ([0u8; 16], [0u8; 16]);
        let (function, name) = probe_function_and_name(probe, &mut digits);
        Ok(match which {
            Builtin::Execname => kernel_mem::execname(out),
            Builtin::Probeprov => copy_str(probe_provider(probe, &mut provider), out),
            Builtin::Probemod => copy_str(until_nul(&probe.module), out),
            Builtin::Probefunc => copy_str(function, out),
            Builtin::Probename => copy_str(name, out),
            _ => 0,
        })
    }

    fn arg(&mut self, index: u64) -> Result<u64, FaultCode> {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.hit.args.get(i).copied())
            .ok_or(FaultCode::BadIndex)
    }

    fn rand(&mut self) -> u64 {
        self.cpu.rand()
    }

    fn progenyof(&mut self, pid: u64) -> bool {
        kernel_mem::current_progenyof(pid)
    }

    fn path_layout(&self) -> Option<PathLayout> {
        Some(d_path_layout::path_layout())
    }

    fn raise(&mut self, sig: u64) -> Result<(), FaultCode> {
        kernel_mem::raise(sig)
    }

    fn load_var(&mut self, var: VarRef, keys: &[Value<'_>], out: &mut [u8]) -> Result<Loaded, FaultCode> {
        self.hit.vars.load(var, keys, out)
    }

    fn store_var(&mut self, var: VarRef, keys: &[Value<'_>], value: Value<'_>) -> Result<(), FaultCode> {
        if self.hit.vars.store(var, keys, value)? == StoreOutcome::Dropped {
            self.cpu.dynvar_drops.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    fn trace(&mut self, value: Value<'_>) -> Result<(), FaultCode> {
        self.rec.value(value)
    }

    fn printf(&mut self, fmt_id: u32, _fmt: &[u8], args: &[Value<'_>]) -> Result<(), FaultCode> {
        self.rec.printf(fmt_id, args)
    }

    fn stack(&mut self, depth: u32, user: bool) -> Result<(), FaultCode> {
        if user {
            // The process ID, then the frames.
            return self.rec.words(ITEM_USTACK, depth as usize + 1, user_stack::capture);
        }
        self.rec.words(ITEM_STACK, depth as usize, kernel_stack::capture)
    }

    fn kernel_stack(&mut self, out: &mut [u8]) -> Result<usize, FaultCode> {
        Ok(kernel_stack::capture(out))
    }

    fn user_stack(&mut self, out: &mut [u8]) -> Result<usize, FaultCode> {
        Ok(user_stack::capture(out))
    }

    fn user_register(&mut self, reg: u64) -> Result<u64, FaultCode> {
        Ok(user_stack::register(reg))
    }

    fn exit(&mut self, status: u64) -> Result<(), FaultCode> {
        self.rec.put(&[ITEM_EXIT])?;
        self.rec.put(&status.to_le_bytes())?;
        self.exit = Some(status);
        Ok(())
    }

    fn speculation(&mut self) -> u64 {
        self.hit.specs.speculation(self.hit.cpu)
    }

    fn speculate(&mut self, id: u64) -> Result<(), FaultCode> {
        if !self.hit.specs.valid(id) {
            // As Oracle's DTrace: the rest of the clause is skipped, no error.
            self.spec.abandoned = true;
            return Err(FaultCode::IllegalOp);
        }
        self.spec.to = Some(id);
        Ok(())
    }

    fn commit(&mut self, id: u64, discard: bool) -> Result<(), FaultCode> {
        self.spec.finished = true;
        let ring = (!discard).then_some(&self.cpu.ring);
        // SAFETY: a probe env lives inside the CPU's claim, which makes this
        // hit the only producer of the CPU's ring.
        self.spec.committed |= unsafe { self.hit.specs.finish(id, self.hit.cpu, ring) }?;
        Ok(())
    }

    fn aggregate(&mut self, agg: u32, func: AggFunc, value: u64, keys: &[Value<'_>]) -> Result<(), FaultCode> {
        let strsize = self.hit.vars.layout.strsize();
        if func == AggFunc::Lquantize {
            let (elems, n, incr) = lquantize::bucket_key(keys, value)?;
            return self.aggregate_key(&Key::assoc(agg, elems.get(..n).unwrap_or(&[]), strsize), func, incr);
        }
        if func == AggFunc::Quantize {
            let (elems, n, incr) = quantize::bucket_key(keys, value)?;
            return self.aggregate_key(&Key::assoc(agg, elems.get(..n).unwrap_or(&[]), strsize), func, incr);
        }
        if func == AggFunc::Llquantize {
            let (elems, n, incr) = llquantize::bucket_key(keys, value)?;
            return self.aggregate_key(&Key::assoc(agg, elems.get(..n).unwrap_or(&[]), strsize), func, incr);
        }
        self.aggregate_key(&Key::assoc(agg, keys, strsize), func, value)
    }
}

impl ProbeEnv<'_, '_> {
    /// Folds `value` into this CPU's entry of `key`, counting a drop.
    fn aggregate_key(&mut self, key: &Key<'_>, func: AggFunc, value: u64) -> Result<(), FaultCode> {
        let table = AggTable::new(&self.cpu.aggs);
        let updated = match self.agg_cache {
            Some(cache) => table.update_cached(cache, key, func, value)?,
            None => table.update(key, func, value)?,
        };
        if updated == Updated::Full {
            self.cpu.agg_drops.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}
