//! Writable scratch memory: `alloca`, `copyin`, `copyinto`, `bcopy` and
//! stores through pointers.
//!
//! Scratch has addresses of its own: scratch byte `i` is at address `i`,
//! and every address below scratch's size is scratch's (kernel loads and
//! `stringof` there read scratch; the environment never sees them). No
//! kernel or user object lives that low: the kernel's nofault read
//! refuses any address below the user/kernel split, so no load meant
//! anything else there. The first [`FLOOR`] bytes are never handed out, so
//! no allocation is NULL. Reads reach only the part of scratch this run
//! has filled (`..used`), and writes only what `alloca` and `copyin` gave
//! it (not the string results between them), found by offset in the run's
//! own slice: whatever address a program computes, it cannot write
//! anywhere else, and a pointer kept from an earlier run reads this run's
//! bytes or faults.

use super::super::env::Env;
use super::super::fault::FaultCode;
use super::super::insn::Reg;
use super::super::Ty;
use super::strs::StrRef;
use super::{trap, Machine, Trap};
use core::ops::Range;

/// Scratch bytes below this are never allocated: address 0 is NULL.
pub(crate) const FLOOR: usize = 8;

/// Most separate allocations one run may hold (consecutive ones, with no
/// string made between them, count as one).
pub(crate) const MAX_SPANS: usize = 16;

/// Most bytes one run may copy (`copyinto`, `bcopy`, stores) per byte of
/// scratch: the copies that reuse memory are bounded like the rest.
const COPY_FACTOR: usize = 4;

impl Machine<'_> {
    /// Whether `addr` is a scratch address (below scratch's size).
    pub(crate) fn is_scratch(&self, addr: u64) -> bool {
        addr < self.scratch.len() as u64
    }

    /// The scratch range `[addr, addr + size)`, if all of it is allocated
    /// in this run; else the bad address.
    fn range(&self, addr: u64, size: u64) -> Result<Range<usize>, Trap> {
        let bad = (FaultCode::BadAddr, addr);
        let a = usize::try_from(addr).map_err(|_| bad)?;
        let n = usize::try_from(size).map_err(|_| bad)?;
        let end = a.checked_add(n).ok_or(bad)?;
        if a < FLOOR || end > self.used {
            return Err(bad);
        }
        Ok(a..end)
    }

    /// The scratch range `[addr, addr + size)`, if all of it lies in one
    /// allocation; else the bad address.
    fn writable(&self, addr: u64, size: u64) -> Result<Range<usize>, Trap> {
        let r = self.range(addr, size)?;
        let spans = self.spans.get(..self.nspans).unwrap_or(&[]);
        let inside = |&(a, e): &(u32, u32)| a as usize <= r.start && r.end <= e as usize;
        if spans.iter().any(inside) {
            Ok(r)
        } else {
            Err((FaultCode::BadAddr, addr))
        }
    }

    /// Notes `[at, end)` as allocated: it extends the last allocation when
    /// nothing was made in between (`was_used` is where scratch ended).
    fn note_span(&mut self, was_used: usize, at: usize, end: usize) -> Result<(), Trap> {
        let no = trap(FaultCode::NoScratch);
        let (at, end) = (
            u32::try_from(at).map_err(|_| no)?,
            u32::try_from(end).map_err(|_| no)?,
        );
        let last = self
            .nspans
            .checked_sub(1)
            .and_then(|i| self.spans.get_mut(i));
        if let Some(last) = last {
            if last.1 as usize == was_used {
                last.1 = end;
                return Ok(());
            }
        }
        *self.spans.get_mut(self.nspans).ok_or(no)? = (at, end);
        self.nspans = self.nspans.saturating_add(1);
        Ok(())
    }

    /// Counts `n` bytes against the run's copy allowance.
    fn charge(&mut self, n: usize) -> Result<(), Trap> {
        let limit = self.scratch.len().saturating_mul(COPY_FACTOR);
        self.copied = self.copied.saturating_add(n);
        if self.copied > limit {
            return Err(trap(FaultCode::Budget));
        }
        Ok(())
    }

    /// A little-endian load of `size` bytes at scratch address `addr`.
    pub(crate) fn load_scratch(&self, addr: u64, size: usize) -> Result<u64, Trap> {
        let r = self.range(addr, size as u64)?;
        let bytes = self.scratch.get(r).ok_or((FaultCode::BadAddr, addr))?;
        let mut buf = [0u8; 8];
        for (d, s) in buf.iter_mut().zip(bytes) {
            *d = *s;
        }
        Ok(u64::from_le_bytes(buf))
    }

    /// `stringof(addr)` of a scratch address: the bytes up to the first
    /// NUL, the end of what is allocated or `strsize`, as a string in `d`
    /// (a reference: nothing is copied).
    pub(crate) fn string_at(&mut self, d: Reg, addr: u64) -> Result<(), Trap> {
        let r = self.range(addr, 1)?;
        let start = r.start;
        let rest = self.scratch.get(start..self.used).unwrap_or(&[]);
        let len = rest
            .iter()
            .take(self.strsize)
            .position(|&b| b == 0)
            .unwrap_or(rest.len().min(self.strsize));
        let s = StrRef {
            table: false,
            off: start,
            len,
        };
        self.set(d, s.encode().map_err(trap)?, Ty::Str);
        Ok(())
    }

    /// `alloca(size)` with `limit` (0: none) on a run's allocations: `size`
    /// zeroed bytes at the next 8-byte boundary; their address.
    pub(crate) fn alloca(&mut self, size: u64, limit: u64) -> Result<u64, Trap> {
        let no = trap(FaultCode::NoScratch);
        let size = usize::try_from(size).map_err(|_| no)?;
        let at = self.used.max(FLOOR).checked_next_multiple_of(8).ok_or(no)?;
        let end = at.checked_add(size).ok_or(no)?;
        let allocated = self.allocated.checked_add(size).ok_or(no)?;
        if limit != 0 && allocated as u64 > limit {
            return Err(no);
        }
        self.scratch.get_mut(at..end).ok_or(no)?.fill(0);
        self.note_span(self.used, at, end)?;
        self.used = end;
        self.allocated = allocated;
        Ok(at as u64)
    }

    /// Writes the low `width` bytes of `value` at scratch address `addr`.
    pub(crate) fn store(&mut self, addr: u64, value: u64, width: u64) -> Result<(), Trap> {
        let width = width.min(8);
        let r = self.writable(addr, width)?;
        self.charge(r.len())?;
        let bytes = value.to_le_bytes();
        for (d, s) in self
            .scratch
            .get_mut(r)
            .unwrap_or(&mut [])
            .iter_mut()
            .zip(bytes)
        {
            *d = s;
        }
        Ok(())
    }

    /// `copyinto(addr, size, dest)`: user memory into allocated scratch.
    pub(crate) fn copy_user<E: Env>(
        &mut self,
        env: &mut E,
        addr: u64,
        size: u64,
        dest: u64,
    ) -> Result<(), Trap> {
        let r = self.writable(dest, size)?;
        self.charge(r.len())?;
        let out = self.scratch.get_mut(r).unwrap_or(&mut []);
        env.read_user(addr, out).map_err(|code| (code, addr))
    }

    /// `bcopy(s, dest, size)` of a string: its bytes, then NULs.
    pub(crate) fn copy_string(
        &mut self,
        strtab: &[u8],
        src: StrRef,
        dest: u64,
        size: u64,
    ) -> Result<(), Trap> {
        let r = self.writable(dest, size)?;
        self.charge(r.len())?;
        // The source is in the string table or in scratch (where
        // copy_within allows it to overlap the destination).
        let len = src.len.min(r.len());
        let from = if src.table {
            let bytes = src.bytes(strtab, &[]).ok_or(trap(FaultCode::IllegalOp))?;
            let out = self.scratch.get_mut(r.clone()).unwrap_or(&mut []);
            for (d, s) in out.iter_mut().zip(bytes) {
                *d = *s;
            }
            None
        } else {
            Some(src.off..src.off.saturating_add(len))
        };
        if let Some(from) = from {
            if from.end > self.used {
                return Err(trap(FaultCode::IllegalOp));
            }
            self.scratch.copy_within(from, r.start);
        }
        let tail = r.start.saturating_add(len)..r.end;
        self.scratch.get_mut(tail).unwrap_or(&mut []).fill(0);
        Ok(())
    }

    /// `bcopy(src, dest, size)`: kernel or scratch memory into allocated
    /// scratch.
    pub(crate) fn copy_kernel<E: Env>(
        &mut self,
        env: &mut E,
        src: u64,
        dest: u64,
        size: u64,
    ) -> Result<(), Trap> {
        let r = self.writable(dest, size)?;
        self.charge(r.len())?;
        if self.is_scratch(src) {
            let from = self.range(src, size)?;
            self.scratch.copy_within(from, r.start);
            return Ok(());
        }
        let out = self.scratch.get_mut(r).unwrap_or(&mut []);
        env.read_kernel(src, out).map_err(|code| (code, src))
    }

    /// `size` bytes at kernel or scratch address `src`, NULs and all, as a
    /// new string in `d` (`tracemem()`'s record).
    pub(crate) fn bytes_string<E: Env>(
        &mut self,
        env: &mut E,
        d: Reg,
        src: u64,
        size: u64,
    ) -> Result<(), Trap> {
        let n = usize::try_from(size).map_err(|_| trap(FaultCode::NoScratch))?;
        if self.is_scratch(src) {
            let from = self.range(src, size)?;
            self.charge(n)?;
            let at = self.used;
            self.reserve(n)?;
            self.scratch.copy_within(from, at);
        } else {
            let out = self.reserve(n)?;
            env.read_kernel(src, out).map_err(|code| (code, src))?;
        }
        self.commit(d, n)
    }
}
