//! How a running program ends early: a fault code, the faulting
//! instruction and, where relevant, the address.

use core::fmt;

/// Why a program faulted (DTrace's `DTRACEFLT_*`). The numbers are ABI:
/// they travel in ERROR records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum FaultCode {
    /// An instruction or operand the verifier would have rejected (only an
    /// unverified program can reach it).
    IllegalOp = 1,
    /// A memory read failed (the nofault copy reported an error).
    BadAddr = 2,
    /// A load from an address not aligned to its size.
    BadAlign = 3,
    /// Division or remainder by zero.
    DivZero = 4,
    /// The scratch buffer is too small for a string result.
    NoScratch = 5,
    /// The instruction budget ran out.
    Budget = 6,
    /// An argument or array index out of range.
    BadIndex = 7,
    /// Dynamic-variable or record space ran out (from the environment).
    NoSpace = 8,
    /// The environment cannot do what was asked (not implemented here).
    Unsupported = 9,
}

impl FaultCode {
    /// The fault's name, as DTrace spells it.
    pub const fn name(self) -> &'static str {
        match self {
            FaultCode::IllegalOp => "ILLOP",
            FaultCode::BadAddr => "BADADDR",
            FaultCode::BadAlign => "BADALIGN",
            FaultCode::DivZero => "DIVZERO",
            FaultCode::NoScratch => "NOSCRATCH",
            FaultCode::Budget => "BUDGET",
            FaultCode::BadIndex => "BADINDEX",
            FaultCode::NoSpace => "NOSPACE",
            FaultCode::Unsupported => "UNSUPPORTED",
        }
    }

    /// The fault code with number `n`, if any.
    pub const fn from_u8(n: u8) -> Option<FaultCode> {
        Some(match n {
            1 => FaultCode::IllegalOp,
            2 => FaultCode::BadAddr,
            3 => FaultCode::BadAlign,
            4 => FaultCode::DivZero,
            5 => FaultCode::NoScratch,
            6 => FaultCode::Budget,
            7 => FaultCode::BadIndex,
            8 => FaultCode::NoSpace,
            9 => FaultCode::Unsupported,
            _ => return None,
        })
    }
}

/// A fault: the program ended early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault {
    /// Why.
    pub code: FaultCode,
    /// The faulting instruction.
    pub insn: u32,
    /// The address involved (`BADADDR`, `BADALIGN`), else 0.
    pub addr: u64,
    /// Instructions executed, the faulting one included.
    pub executed: u64,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at instruction {}", self.code.name(), self.insn)?;
        match self.code {
            FaultCode::BadAddr | FaultCode::BadAlign => write!(f, " (address {:#x})", self.addr),
            _ => Ok(()),
        }
    }
}
