//! The register type lattice: per register, uninitialised, integer or
//! string. Two 16-bit masks per program point.

use super::super::error::VerifyError;
use super::super::insn::Reg;
use super::super::Ty;

/// What the verifier knows about every register at one program point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(super) struct RegState {
    /// Registers written on every path to this point.
    init: u16,
    /// Of those, the ones holding strings (always a subset of `init`).
    strs: u16,
}

impl RegState {
    /// Nothing written: the state at instruction 0.
    pub(super) const EMPTY: RegState = RegState { init: 0, strs: 0 };

    /// The meet of two states at a join: a register stays usable only if
    /// written with the same type on both paths.
    pub(super) const fn merge(self, other: RegState) -> RegState {
        let init = self.init & other.init & !(self.strs ^ other.strs);
        RegState {
            init,
            strs: self.strs & other.strs & init,
        }
    }

    /// The registers holding strings on every path.
    pub(super) const fn strs(self) -> u16 {
        self.strs
    }

    /// The type of `r`, if written on every path.
    pub(super) const fn ty(self, r: Reg) -> Option<Ty> {
        if self.init & r.bit() == 0 {
            None
        } else if self.strs & r.bit() != 0 {
            Some(Ty::Str)
        } else {
            Some(Ty::Int)
        }
    }

    /// Records that `r` now holds a `ty`.
    pub(super) fn set(&mut self, r: Reg, ty: Ty) {
        self.init |= r.bit();
        match ty {
            Ty::Int => self.strs &= !r.bit(),
            Ty::Str => self.strs |= r.bit(),
        }
    }

    /// The type of `r`, or [`VerifyError::UninitRead`].
    pub(super) fn read(self, pc: u32, r: Reg) -> Result<Ty, VerifyError> {
        self.ty(r).ok_or(VerifyError::UninitRead {
            insn: pc,
            reg: r.num(),
        })
    }

    /// Checks that `r` holds a `ty`.
    pub(super) fn need(self, pc: u32, r: Reg, ty: Ty) -> Result<(), VerifyError> {
        let found = self.read(pc, r)?;
        if found == ty {
            Ok(())
        } else {
            Err(VerifyError::TypeMismatch {
                insn: pc,
                reg: r.num(),
                expected: ty,
                found,
            })
        }
    }

    /// Checks that every register initialised in `self` has the same type
    /// in `later`; returns the first one that does not.
    pub(super) fn preserved_in(self, later: RegState) -> Option<Reg> {
        let lost = self.init & !(later.init & !(self.strs ^ later.strs));
        if lost == 0 {
            None
        } else {
            Some(Reg::new(lost.trailing_zeros() as u8))
        }
    }
}
