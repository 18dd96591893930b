//! One instruction: 8 bytes, little-endian.
//!
//! | byte | field                                      |
//! |------|--------------------------------------------|
//! | 0    | opcode ([`crate::dif::opcode::Op`])        |
//! | 1    | `dst` register (low nibble), `src` (high)  |
//! | 2-3  | `off`, signed 16-bit                       |
//! | 4-7  | `imm`, 32-bit (signed or unsigned by form) |

use super::INSN_SIZE;

/// A register number, always below [`super::NREGS`].
///
/// # Invariants
///
/// The value is below 16, so indexing a `[_; NREGS]` array cannot fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reg(u8);

impl Reg {
    /// The register `n & 15`.
    pub const fn new(n: u8) -> Reg {
        // INVARIANT: masked to four bits.
        Reg(n & 15)
    }

    /// The register's number.
    pub const fn num(self) -> u8 {
        self.0
    }

    /// The register's number as an index.
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// The register's bit in a 16-bit register mask.
    pub const fn bit(self) -> u16 {
        // The invariant keeps the count below 16; wrapping_shl cannot panic.
        1u16.wrapping_shl(self.0 as u32)
    }

    /// The register `n` after this one, if it is below 16.
    pub const fn offset(self, n: usize) -> Option<Reg> {
        let r = (self.0 as usize).checked_add(n);
        match r {
            Some(r) if r < super::NREGS => Some(Reg(r as u8)),
            _ => None,
        }
    }
}

/// A decoded instruction; the opcode byte is kept raw so unknown opcodes can
/// be reported and disassembled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insn {
    /// The opcode byte.
    pub opcode: u8,
    /// The destination register.
    pub dst: Reg,
    /// The source register.
    pub src: Reg,
    /// The signed 16-bit offset.
    pub off: i16,
    /// The 32-bit immediate.
    pub imm: i32,
}

impl Insn {
    /// An instruction from its fields.
    pub const fn new(opcode: u8, dst: u8, src: u8, off: i16, imm: i32) -> Insn {
        Insn {
            opcode,
            dst: Reg::new(dst),
            src: Reg::new(src),
            off,
            imm,
        }
    }

    /// Decodes 8 bytes.
    pub const fn decode(b: [u8; INSN_SIZE]) -> Insn {
        Insn {
            opcode: b[0],
            dst: Reg::new(b[1] & 15),
            src: Reg::new(b[1] >> 4),
            off: i16::from_le_bytes([b[2], b[3]]),
            imm: i32::from_le_bytes([b[4], b[5], b[6], b[7]]),
        }
    }

    /// Encodes to 8 bytes.
    pub const fn encode(self) -> [u8; INSN_SIZE] {
        let off = self.off.to_le_bytes();
        let imm = self.imm.to_le_bytes();
        [
            self.opcode,
            self.dst.num() | (self.src.num() << 4),
            off[0],
            off[1],
            imm[0],
            imm[1],
            imm[2],
            imm[3],
        ]
    }

    /// The immediate as an unsigned 32-bit number (indexes, offsets, bounds).
    pub const fn uimm(self) -> u32 {
        self.imm as u32
    }

    /// The immediate sign-extended to 64 bits.
    pub const fn simm(self) -> u64 {
        self.imm as i64 as u64
    }
}
