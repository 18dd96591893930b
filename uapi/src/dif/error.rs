//! Why the verifier rejected a program.

use core::fmt;

use super::program::Section;
use super::Ty;

/// A verification error. Every variant carries `insn`, the index of the
/// offending instruction; errors found in the header or the tables, before
/// any instruction, carry 0 (and say "header" or "table" in words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// The blob ends before the header or a section does.
    Truncated {
        /// Always 0.
        insn: u32,
        /// The blob's length.
        len: usize,
    },
    /// The blob does not start with [`super::program::MAGIC`].
    BadMagic {
        /// Always 0.
        insn: u32,
    },
    /// The format version is not [`super::program::VERSION`].
    BadVersion {
        /// Always 0.
        insn: u32,
        /// The version found.
        version: u16,
    },
    /// A reserved header field is nonzero.
    ReservedHeader {
        /// Always 0.
        insn: u32,
    },
    /// A section is larger than the format or the caller allows.
    Oversized {
        /// Always 0.
        insn: u32,
        /// Which section.
        section: Section,
        /// Its size.
        size: u32,
        /// The limit.
        max: u32,
    },
    /// The blob has bytes after the string table.
    TrailingBytes {
        /// Always 0.
        insn: u32,
        /// How many.
        extra: usize,
    },
    /// The program has no instructions.
    Empty {
        /// Always 0.
        insn: u32,
    },
    /// The string table does not end with a NUL.
    StrtabUnterminated {
        /// Always 0.
        insn: u32,
    },
    /// A variable declaration is malformed.
    BadVarDecl {
        /// Always 0.
        insn: u32,
        /// The variable.
        var: u32,
    },
    /// The caller's work area has fewer slots than the program has
    /// instructions.
    WorkTooSmall {
        /// The instruction count.
        insn: u32,
        /// The slots given.
        slots: usize,
    },
    /// The opcode byte is not in the opcode table.
    UnknownOpcode {
        /// The instruction.
        insn: u32,
        /// The byte.
        opcode: u8,
    },
    /// A field the opcode does not use is nonzero.
    ReservedBits {
        /// The instruction.
        insn: u32,
    },
    /// A register tuple runs past `r15`, or is longer than allowed.
    BadRegister {
        /// The instruction.
        insn: u32,
        /// The first register.
        reg: u8,
        /// The tuple length.
        count: usize,
    },
    /// A constant index is out of range.
    BadConst {
        /// The instruction.
        insn: u32,
        /// The index.
        index: u32,
    },
    /// A string-table offset is out of range.
    BadString {
        /// The instruction.
        insn: u32,
        /// The offset.
        offset: u32,
    },
    /// A variable index is out of range.
    BadVar {
        /// The instruction.
        insn: u32,
        /// The index.
        var: u32,
    },
    /// The variable is not of the kind the opcode accesses.
    VarKindMismatch {
        /// The instruction.
        insn: u32,
        /// The variable.
        var: u32,
    },
    /// An aggregation number is out of range.
    BadAgg {
        /// The instruction.
        insn: u32,
        /// The number.
        agg: u32,
    },
    /// A subroutine number is not in the table.
    BadSubr {
        /// The instruction.
        insn: u32,
        /// The number.
        subr: u32,
    },
    /// A builtin number is not in the table.
    BadBuiltin {
        /// The instruction.
        insn: u32,
        /// The number.
        builtin: u32,
    },
    /// An immediate is out of range for the opcode (a shift of 64 or more,
    /// a division by zero, an argument index, a stack depth, a loop bound).
    BadImmediate {
        /// The instruction.
        insn: u32,
        /// The immediate.
        imm: i32,
    },
    /// A jump target is past the last instruction.
    JumpOutOfRange {
        /// The instruction.
        insn: u32,
        /// The target.
        target: i64,
    },
    /// A jump goes backwards (only `endloop` may).
    BackwardJump {
        /// The instruction.
        insn: u32,
        /// The target.
        target: i64,
    },
    /// An instruction inside a loop is reached from outside it other than
    /// through the `loop` instruction.
    JumpIntoLoop {
        /// The instruction jumped to.
        insn: u32,
        /// The loop's `loop` instruction.
        head: u32,
    },
    /// A `loop` whose end is out of range, not an `endloop` with the same
    /// register and bound, or not inside the enclosing loop.
    BadLoop {
        /// The `loop` instruction.
        insn: u32,
    },
    /// An `endloop` without its `loop`.
    StrayEndLoop {
        /// The instruction.
        insn: u32,
    },
    /// Loops nested deeper than [`super::limits::MAX_LOOP_DEPTH`].
    LoopTooDeep {
        /// The `loop` instruction.
        insn: u32,
    },
    /// An instruction inside a loop writes that loop's counter register.
    LoopCounterWrite {
        /// The instruction.
        insn: u32,
        /// The register.
        reg: u8,
    },
    /// A loop body ends with a register of another type than it had at the
    /// start.
    LoopTypeChange {
        /// The `endloop` instruction.
        insn: u32,
        /// The register.
        reg: u8,
    },
    /// Execution can run past the last instruction.
    FallsOffEnd {
        /// The last instruction.
        insn: u32,
    },
    /// A register is read on a path where it was never written.
    UninitRead {
        /// The instruction.
        insn: u32,
        /// The register.
        reg: u8,
    },
    /// A register holds another type than the instruction needs.
    TypeMismatch {
        /// The instruction.
        insn: u32,
        /// The register.
        reg: u8,
        /// The type needed.
        expected: Ty,
        /// The type found.
        found: Ty,
    },
    /// The worst-case instruction count exceeds the limit.
    TooCostly {
        /// The first instruction where the count passes the limit.
        insn: u32,
        /// The limit.
        max: u64,
    },
}

impl VerifyError {
    /// The index of the offending instruction (0 for header and table
    /// errors).
    pub const fn insn(&self) -> u32 {
        use VerifyError::*;
        match *self {
            Truncated { insn, .. }
            | BadMagic { insn }
            | BadVersion { insn, .. }
            | ReservedHeader { insn }
            | Oversized { insn, .. }
            | TrailingBytes { insn, .. }
            | Empty { insn }
            | StrtabUnterminated { insn }
            | BadVarDecl { insn, .. }
            | WorkTooSmall { insn, .. }
            | UnknownOpcode { insn, .. }
            | ReservedBits { insn }
            | BadRegister { insn, .. }
            | BadConst { insn, .. }
            | BadString { insn, .. }
            | BadVar { insn, .. }
            | VarKindMismatch { insn, .. }
            | BadAgg { insn, .. }
            | BadSubr { insn, .. }
            | BadBuiltin { insn, .. }
            | BadImmediate { insn, .. }
            | JumpOutOfRange { insn, .. }
            | BackwardJump { insn, .. }
            | JumpIntoLoop { insn, .. }
            | BadLoop { insn }
            | StrayEndLoop { insn }
            | LoopTooDeep { insn }
            | LoopCounterWrite { insn, .. }
            | LoopTypeChange { insn, .. }
            | FallsOffEnd { insn }
            | UninitRead { insn, .. }
            | TypeMismatch { insn, .. }
            | TooCostly { insn, .. } => insn,
        }
    }

    /// A stable number for the error's kind, for the kernel's reason record
    /// (1-based, in declaration order; never reused).
    pub const fn code(&self) -> u32 {
        use VerifyError::*;
        match self {
            Truncated { .. } => 1,
            BadMagic { .. } => 2,
            BadVersion { .. } => 3,
            ReservedHeader { .. } => 4,
            Oversized { .. } => 5,
            TrailingBytes { .. } => 6,
            Empty { .. } => 7,
            StrtabUnterminated { .. } => 8,
            BadVarDecl { .. } => 9,
            WorkTooSmall { .. } => 10,
            UnknownOpcode { .. } => 11,
            ReservedBits { .. } => 12,
            BadRegister { .. } => 13,
            BadConst { .. } => 14,
            BadString { .. } => 15,
            BadVar { .. } => 16,
            VarKindMismatch { .. } => 17,
            BadAgg { .. } => 18,
            BadSubr { .. } => 19,
            BadBuiltin { .. } => 20,
            BadImmediate { .. } => 21,
            JumpOutOfRange { .. } => 22,
            BackwardJump { .. } => 23,
            JumpIntoLoop { .. } => 24,
            BadLoop { .. } => 25,
            StrayEndLoop { .. } => 26,
            LoopTooDeep { .. } => 27,
            LoopCounterWrite { .. } => 28,
            LoopTypeChange { .. } => 29,
            FallsOffEnd { .. } => 30,
            UninitRead { .. } => 31,
            TypeMismatch { .. } => 32,
            TooCostly { .. } => 33,
        }
    }

    /// The error in words (the same text as its [`fmt::Display`]).
    pub fn describe(&self) -> impl fmt::Display + '_ {
        self
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use VerifyError::*;
        match *self {
            Truncated { len, .. } => {
                write!(f, "header: the blob ends early ({len} bytes)")
            }
            BadMagic { .. } => write!(f, "header: not a DIF program (bad magic)"),
            BadVersion { version, .. } => write!(
                f,
                "header: format version {version}, expected {}",
                super::program::VERSION
            ),
            ReservedHeader { .. } => write!(f, "header: reserved fields are not zero"),
            Oversized {
                section, size, max, ..
            } => write!(
                f,
                "header: {size} {} is more than the limit of {max}",
                section.name()
            ),
            TrailingBytes { extra, .. } => {
                write!(f, "header: {extra} bytes after the string table")
            }
            Empty { .. } => write!(f, "header: the program has no instructions"),
            StrtabUnterminated { .. } => {
                write!(f, "string table: does not end with a NUL byte")
            }
            BadVarDecl { var, .. } => write!(f, "variable table: entry v{var} is malformed"),
            WorkTooSmall { insn, slots } => write!(
                f,
                "verifier work area has {slots} slots for {insn} instructions"
            ),
            UnknownOpcode { insn, opcode } => {
                write!(f, "instruction {insn}: unknown opcode {opcode:#04x}")
            }
            ReservedBits { insn } => write!(
                f,
                "instruction {insn}: a field the opcode does not use is not zero"
            ),
            BadRegister { insn, reg, count } => write!(
                f,
                "instruction {insn}: {count} registers from r{reg} run past r15 or the tuple limit"
            ),
            BadConst { insn, index } => {
                write!(f, "instruction {insn}: constant c{index} does not exist")
            }
            BadString { insn, offset } => write!(
                f,
                "instruction {insn}: string offset {offset} is outside the string table"
            ),
            BadVar { insn, var } => write!(f, "instruction {insn}: variable v{var} does not exist"),
            VarKindMismatch { insn, var } => write!(
                f,
                "instruction {insn}: variable v{var} is not of the kind the opcode accesses"
            ),
            BadAgg { insn, agg } => {
                write!(f, "instruction {insn}: aggregation @{agg} does not exist")
            }
            BadSubr { insn, subr } => {
                write!(f, "instruction {insn}: subroutine {subr} does not exist")
            }
            BadBuiltin { insn, builtin } => {
                write!(
                    f,
                    "instruction {insn}: builtin variable {builtin} does not exist"
                )
            }
            BadImmediate { insn, imm } => {
                write!(f, "instruction {insn}: immediate {imm} is out of range")
            }
            JumpOutOfRange { insn, target } => write!(
                f,
                "instruction {insn}: jump target {target} is past the end of the program"
            ),
            BackwardJump { insn, target } => write!(
                f,
                "instruction {insn}: jump back to {target} (only endloop may go backwards)"
            ),
            JumpIntoLoop { insn, head } => write!(
                f,
                "instruction {insn}: jumped to from outside the loop starting at {head}"
            ),
            BadLoop { insn } => write!(
                f,
                "instruction {insn}: loop end is not a matching endloop inside the enclosing loop"
            ),
            StrayEndLoop { insn } => {
                write!(f, "instruction {insn}: endloop without a matching loop")
            }
            LoopTooDeep { insn } => write!(
                f,
                "instruction {insn}: loops nested deeper than {}",
                super::limits::MAX_LOOP_DEPTH
            ),
            LoopCounterWrite { insn, reg } => write!(
                f,
                "instruction {insn}: writes r{reg}, the counter of an enclosing loop"
            ),
            LoopTypeChange { insn, reg } => write!(
                f,
                "instruction {insn}: r{reg} changes type or is lost across the loop body"
            ),
            FallsOffEnd { insn } => write!(
                f,
                "instruction {insn}: execution can run past the end without ret"
            ),
            UninitRead { insn, reg } => write!(
                f,
                "instruction {insn}: r{reg} is read but not written on every path"
            ),
            TypeMismatch {
                insn,
                reg,
                expected,
                found,
            } => write!(
                f,
                "instruction {insn}: r{reg} is {}, expected {}",
                found.name(),
                expected.name()
            ),
            TooCostly { insn, max } => write!(
                f,
                "instruction {insn}: worst-case instruction count exceeds {max}"
            ),
        }
    }
}
