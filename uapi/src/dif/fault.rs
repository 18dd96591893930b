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

    /// DTrace's `DTRACEFLT_*` number for the fault: what `arg4` of
    /// `dtrace:::ERROR` says. Faults DTrace does not have take the nearest
    /// of its kinds (an exhausted budget or a bad index is an illegal
    /// operation, a full record is out of scratch space).
    pub const fn dtrace_fault(self) -> u64 {
        match self {
            FaultCode::BadAddr => dtraceflt::BADADDR,
            FaultCode::BadAlign => dtraceflt::BADALIGN,
            FaultCode::DivZero => dtraceflt::DIVZERO,
            FaultCode::NoScratch | FaultCode::NoSpace => dtraceflt::NOSCRATCH,
            FaultCode::IllegalOp
            | FaultCode::Budget
            | FaultCode::BadIndex
            | FaultCode::Unsupported => dtraceflt::ILLOP,
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

/// DTrace's fault numbers (`DTRACEFLT_*` in `sys/dtrace.h`), as
/// `dtrace:::ERROR` passes them in `arg4`.
pub mod dtraceflt {
    /// No fault (not passed).
    pub const UNKNOWN: u64 = 0;
    /// Bad address.
    pub const BADADDR: u64 = 1;
    /// Bad alignment.
    pub const BADALIGN: u64 = 2;
    /// Illegal operation.
    pub const ILLOP: u64 = 3;
    /// Divide by zero.
    pub const DIVZERO: u64 = 4;
    /// Out of scratch space.
    pub const NOSCRATCH: u64 = 5;
    /// Illegal kernel access.
    pub const KPRIV: u64 = 6;
    /// Illegal user access.
    pub const UPRIV: u64 = 7;
    /// Tuple stack overflow.
    pub const TUPOFLOW: u64 = 8;
    /// Bad stack.
    pub const BADSTACK: u64 = 9;

    /// What DTrace's consumer calls the fault `n` (`dtrace_faultstr`).
    pub const fn words(n: u64) -> &'static str {
        match n {
            BADADDR => "invalid address",
            BADALIGN => "invalid alignment",
            ILLOP => "illegal operation",
            DIVZERO => "divide-by-zero",
            NOSCRATCH => "out of scratch space",
            KPRIV => "invalid kernel access",
            UPRIV => "invalid user access",
            TUPOFLOW => "tuple stack overflow",
            BADSTACK => "bad stack",
            _ => "unknown fault",
        }
    }

    /// Whether DTrace's report of the fault names its address.
    pub const fn has_address(n: u64) -> bool {
        matches!(n, BADADDR | BADALIGN | BADSTACK)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_take_dtraces_numbers_and_words() {
        let cases = [
            (FaultCode::BadAddr, 1, "invalid address"),
            (FaultCode::BadAlign, 2, "invalid alignment"),
            (FaultCode::IllegalOp, 3, "illegal operation"),
            (FaultCode::DivZero, 4, "divide-by-zero"),
            (FaultCode::NoScratch, 5, "out of scratch space"),
            (FaultCode::Budget, 3, "illegal operation"),
            (FaultCode::NoSpace, 5, "out of scratch space"),
        ];
        for (code, n, words) in cases {
            assert_eq!(code.dtrace_fault(), n, "{code:?}");
            assert_eq!(dtraceflt::words(n), words);
        }
        assert_eq!(dtraceflt::words(dtraceflt::BADSTACK), "bad stack");
        assert!(
            dtraceflt::has_address(dtraceflt::BADADDR)
                && !dtraceflt::has_address(dtraceflt::DIVZERO)
        );
    }
}
