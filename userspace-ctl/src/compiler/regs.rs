//! Register allocation: a stack. An expression's value goes in the next
//! free register and its temporaries above it, released when it is done;
//! so the arguments of a call or a printf, evaluated one after the other,
//! land in consecutive registers as DIF's tuples require. `r0` is kept for
//! the program's return value. An expression that needs more registers
//! than are left is spilled (`codegen/spill.rs`) rather than refused.

use super::diagnostics::Diagnostic;
use super::span::Span;
use rdtrace_uapi::dif::{Ty, NREGS};
use std::fmt;

/// A register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reg(u8);

impl Reg {
    /// The return register.
    pub const R0: Reg = Reg(0);

    /// Its number.
    pub fn index(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.0)
    }
}

/// The allocation state: registers below `next` are in use.
pub struct Regs {
    next: u8,
    /// The highest register allocated since the last [`Regs::watch`].
    high: u8,
    /// What each register in use holds, once written: what a spill saves
    /// (and the type of the clause-local it saves it in); `None` while
    /// it holds nothing yet, which a spill skips.
    types: [Option<Ty>; NREGS],
}

/// A point to release back to.
#[derive(Clone, Copy, Debug)]
pub struct Mark(u8);

impl Regs {
    /// Nothing in use but `r0`.
    pub fn new() -> Regs {
        Regs {
            next: 1,
            high: 0,
            types: [None; NREGS],
        }
    }

    /// The next free register; `span` is what needs it, for the error.
    pub fn alloc(&mut self, span: Span) -> Result<Reg, Diagnostic> {
        if usize::from(self.next) >= NREGS {
            return Err(Diagnostic::too_complex(span));
        }
        self.next += 1;
        self.high = self.high.max(self.next - 1);
        self.types[usize::from(self.next - 1)] = None;
        Ok(Reg(self.next - 1))
    }

    /// Notes that `r` now holds a value of type `ty`.
    pub fn set_ty(&mut self, r: Reg, ty: Ty) {
        self.types[usize::from(r.0)] = Some(ty);
    }

    /// The registers from `floor` below `r` that hold a value, with its
    /// type: what a spill around `r`'s computation saves.
    pub fn live_below(&self, floor: u8, r: Reg) -> Vec<(Reg, Ty)> {
        (floor..r.0)
            .filter_map(|i| self.types[usize::from(i)].map(|t| (Reg(i), t)))
            .collect()
    }

    /// Free registers from `r` up.
    pub fn room_from(r: Reg) -> usize {
        NREGS - usize::from(r.0)
    }

    /// Frees everything from `floor` up for a spilled computation;
    /// returns the state to hand back to [`Regs::unspill`].
    pub fn spill_from(&mut self, floor: u8) -> (u8, [Option<Ty>; NREGS]) {
        let saved = (self.next, self.types);
        self.next = floor;
        saved
    }

    /// Back to the state before [`Regs::spill_from`].
    pub fn unspill(&mut self, (next, types): (u8, [Option<Ty>; NREGS])) {
        self.next = next;
        self.types = types;
    }

    /// The current top.
    pub fn mark(&self) -> Mark {
        Mark(self.next)
    }

    /// Starts watching the highest register used; returns the previous
    /// watch's, to hand back to [`Regs::unwatch`].
    pub fn watch(&mut self) -> u8 {
        std::mem::replace(&mut self.high, 0)
    }

    /// The registers above `from` used since [`Regs::watch`]; restores
    /// the outer watch.
    pub fn unwatch(&mut self, outer: u8, from: Reg) -> impl Iterator<Item = Reg> {
        let high = self.high;
        self.high = outer.max(high);
        (from.0 + 1..=high).map(Reg)
    }

    /// Every register above `r`.
    pub fn above(r: Reg) -> impl Iterator<Item = Reg> {
        (r.0 + 1..NREGS as u8).map(Reg)
    }

    /// Frees everything allocated since `mark`.
    pub fn release(&mut self, mark: Mark) {
        self.next = mark.0;
    }
}
