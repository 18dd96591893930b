//! The program blob: header, instructions and tables, and a checked view of
//! them.
//!
//! All fields are little-endian. The blob is exactly
//! `HEADER_SIZE + 8 * insn_count + 8 * const_count + 4 * var_count +
//! strtab_len` bytes, in that order.

use super::error::VerifyError;
use super::insn::Insn;
use super::limits;
use super::{Ty, INSN_SIZE};

/// The magic number, the first four bytes of every program.
pub const MAGIC: [u8; 4] = *b"RDIF";

/// The format version this code reads and writes.
pub const VERSION: u16 = 1;

/// Size of the [`Header`] in bytes.
pub const HEADER_SIZE: usize = 32;

/// Size of one constant-table entry.
pub const CONST_SIZE: usize = 8;

/// Size of one variable-table entry.
pub const VAR_SIZE: usize = 4;

/// The program header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Header {
    /// [`VERSION`].
    pub version: u16,
    /// Reserved flags; zero.
    pub flags: u16,
    /// Number of instructions.
    pub insn_count: u32,
    /// Number of 64-bit constants.
    pub const_count: u32,
    /// Bytes in the string table; if nonzero its last byte is NUL.
    pub strtab_len: u32,
    /// Number of variable declarations.
    pub var_count: u32,
    /// Number of aggregations the program may name (`@0` ..).
    pub agg_count: u32,
    /// Reserved; zero.
    pub reserved: u32,
}

impl Header {
    /// Encodes the header (the magic included).
    pub fn encode(&self) -> [u8; HEADER_SIZE] {
        let mut b = [0u8; HEADER_SIZE];
        let fields: [(usize, &[u8]); 9] = [
            (0, &MAGIC),
            (4, &self.version.to_le_bytes()),
            (6, &self.flags.to_le_bytes()),
            (8, &self.insn_count.to_le_bytes()),
            (12, &self.const_count.to_le_bytes()),
            (16, &self.strtab_len.to_le_bytes()),
            (20, &self.var_count.to_le_bytes()),
            (24, &self.agg_count.to_le_bytes()),
            (28, &self.reserved.to_le_bytes()),
        ];
        for (at, bytes) in fields {
            for (i, v) in bytes.iter().enumerate() {
                if let Some(slot) = at.checked_add(i).and_then(|j| b.get_mut(j)) {
                    *slot = *v;
                }
            }
        }
        b
    }
}

/// The kind (storage class) of a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    /// A global scalar (`x`).
    Global,
    /// A thread-local scalar (`self->x`).
    ThreadLocal,
    /// A clause-local scalar (`this->x`).
    ClauseLocal,
    /// A global associative array (`x[k1, k2]`).
    Assoc,
}

impl VarKind {
    /// The kind with code `n`, if any.
    pub const fn from_u8(n: u8) -> Option<VarKind> {
        match n {
            0 => Some(VarKind::Global),
            1 => Some(VarKind::ThreadLocal),
            2 => Some(VarKind::ClauseLocal),
            3 => Some(VarKind::Assoc),
            _ => None,
        }
    }

    /// The kind's code in the variable table.
    pub const fn code(self) -> u8 {
        match self {
            VarKind::Global => 0,
            VarKind::ThreadLocal => 1,
            VarKind::ClauseLocal => 2,
            VarKind::Assoc => 3,
        }
    }

    /// The kind's name in the assembler.
    pub const fn name(self) -> &'static str {
        match self {
            VarKind::Global => "global",
            VarKind::ThreadLocal => "tls",
            VarKind::ClauseLocal => "local",
            VarKind::Assoc => "assoc",
        }
    }
}

/// A variable declaration: 4 bytes, `[kind, type, arity, 0]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VarDecl {
    /// Its storage class.
    pub kind: VarKind,
    /// The type of its value.
    pub ty: Ty,
    /// Key tuple length; 1 to [`limits::MAX_TUPLE`] for associative
    /// arrays, 0 otherwise.
    pub arity: u8,
}

impl VarDecl {
    /// Decodes and checks an entry.
    pub const fn decode(b: [u8; VAR_SIZE]) -> Option<VarDecl> {
        let Some(kind) = VarKind::from_u8(b[0]) else {
            return None;
        };
        let ty = match b[1] {
            0 => Ty::Int,
            1 => Ty::Str,
            _ => return None,
        };
        let arity = b[2];
        let arity_ok = match kind {
            VarKind::Assoc => arity >= 1 && arity as usize <= limits::MAX_TUPLE,
            _ => arity == 0,
        };
        if !arity_ok || b[3] != 0 {
            return None;
        }
        Some(VarDecl { kind, ty, arity })
    }

    /// Encodes the entry.
    pub const fn encode(self) -> [u8; VAR_SIZE] {
        let ty = match self.ty {
            Ty::Int => 0,
            Ty::Str => 1,
        };
        [self.kind.code(), ty, self.arity, 0]
    }
}

/// A parsed program: the header's sections located in the blob.
///
/// # Invariants
///
/// `insns.len()` is a multiple of 8, `consts.len()` of 8 and `vars.len()` of
/// 4, and each section's count is within [`limits`].
#[derive(Clone, Copy, Debug)]
pub struct Program<'a> {
    header: Header,
    insns: &'a [u8],
    consts: &'a [u8],
    vars: &'a [u8],
    strtab: &'a [u8],
}

fn le_u16(b: &[u8], at: usize) -> u16 {
    let mut v = [0u8; 2];
    if let Some(s) = b.get(at..at.saturating_add(2)) {
        v.copy_from_slice(s);
    }
    u16::from_le_bytes(v)
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    let mut v = [0u8; 4];
    if let Some(s) = b.get(at..at.saturating_add(4)) {
        v.copy_from_slice(s);
    }
    u32::from_le_bytes(v)
}

/// Splits `len` bytes off the front of `rest`.
fn take<'a>(rest: &mut &'a [u8], len: u64) -> Option<&'a [u8]> {
    let len = usize::try_from(len).ok()?;
    if len > rest.len() {
        return None;
    }
    let (head, tail) = rest.split_at(len);
    *rest = tail;
    Some(head)
}

/// The first section whose count is over its limit, as the error.
fn oversized(header: &Header) -> Option<VerifyError> {
    [
        (Section::Insns, header.insn_count, limits::MAX_INSNS),
        (Section::Consts, header.const_count, limits::MAX_CONSTS),
        (Section::Strtab, header.strtab_len, limits::MAX_STRTAB),
        (Section::Vars, header.var_count, limits::MAX_VARS),
        (Section::Aggs, header.agg_count, limits::MAX_AGGS),
    ]
    .into_iter()
    .find(|&(_, size, max)| size > max)
    .map(|(section, size, max)| VerifyError::Oversized {
        insn: 0,
        section,
        size,
        max,
    })
}

impl<'a> Program<'a> {
    /// Parses and checks the header and locates the sections. Checks sizes
    /// only; [`super::verifier::verify`] checks everything else.
    pub fn parse(blob: &'a [u8]) -> Result<Program<'a>, VerifyError> {
        let Some(head) = blob.get(..HEADER_SIZE) else {
            return Err(VerifyError::Truncated {
                insn: 0,
                len: blob.len(),
            });
        };
        if head.get(..4) != Some(&MAGIC[..]) {
            return Err(VerifyError::BadMagic { insn: 0 });
        }
        let header = Header {
            version: le_u16(head, 4),
            flags: le_u16(head, 6),
            insn_count: le_u32(head, 8),
            const_count: le_u32(head, 12),
            strtab_len: le_u32(head, 16),
            var_count: le_u32(head, 20),
            agg_count: le_u32(head, 24),
            reserved: le_u32(head, 28),
        };
        if header.version != VERSION {
            return Err(VerifyError::BadVersion {
                insn: 0,
                version: header.version,
            });
        }
        if header.flags != 0 || header.reserved != 0 {
            return Err(VerifyError::ReservedHeader { insn: 0 });
        }
        if let Some(oversized) = oversized(&header) {
            return Err(oversized);
        }
        let Some((prog, rest)) = Program::locate(blob, header) else {
            return Err(VerifyError::Truncated {
                insn: 0,
                len: blob.len(),
            });
        };
        if !rest.is_empty() {
            return Err(VerifyError::TrailingBytes {
                insn: 0,
                extra: rest.len(),
            });
        }
        Ok(prog)
    }

    /// Locates the sections of a blob whose `header` was parsed and checked
    /// before (by the verifier), without checking again; `None` if the blob
    /// is too short for it or the header is out of limits. Whatever the
    /// bytes, the interpreter stays safe: it checks each instruction as it
    /// runs.
    pub fn with_header(blob: &'a [u8], header: Header) -> Option<Program<'a>> {
        if oversized(&header).is_some() {
            return None;
        }
        Program::locate(blob, header).map(|(prog, _)| prog)
    }

    /// Splits the sections `header` counts off the blob, returning the
    /// program and the bytes after it; `None` if the blob is too short. The
    /// caller has checked the counts against the limits.
    fn locate(blob: &'a [u8], header: Header) -> Option<(Program<'a>, &'a [u8])> {
        let mut rest = blob.get(HEADER_SIZE..)?;
        // Counts are below 2^17, so these products cannot overflow a u64.
        let insns = take(&mut rest, u64::from(header.insn_count).saturating_mul(8))?;
        let consts = take(&mut rest, u64::from(header.const_count).saturating_mul(8))?;
        let vars = take(&mut rest, u64::from(header.var_count).saturating_mul(4))?;
        let strtab = take(&mut rest, u64::from(header.strtab_len))?;
        // INVARIANT: the counts are within the limits (the caller checked),
        // and each section is its count times its entry size.
        let prog = Program {
            header,
            insns,
            consts,
            vars,
            strtab,
        };
        Some((prog, rest))
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Number of instructions.
    pub fn insn_count(&self) -> usize {
        self.insns.len() / INSN_SIZE
    }

    /// Instruction `pc`, if in range.
    #[inline]
    pub fn insn(&self, pc: usize) -> Option<Insn> {
        let at = pc.checked_mul(INSN_SIZE)?;
        let b = self.insns.get(at..at.checked_add(INSN_SIZE)?)?;
        let mut a = [0u8; INSN_SIZE];
        a.copy_from_slice(b);
        Some(Insn::decode(a))
    }

    /// Number of constants.
    pub fn const_count(&self) -> usize {
        self.consts.len() / CONST_SIZE
    }

    /// Constant `i`, if in range.
    pub fn constant(&self, i: u32) -> Option<u64> {
        let at = usize::try_from(i).ok()?.checked_mul(CONST_SIZE)?;
        let b = self.consts.get(at..at.checked_add(CONST_SIZE)?)?;
        let mut a = [0u8; CONST_SIZE];
        a.copy_from_slice(b);
        Some(u64::from_le_bytes(a))
    }

    /// Number of variable declarations.
    pub fn var_count(&self) -> usize {
        self.vars.len() / VAR_SIZE
    }

    /// The raw bytes of variable declaration `i`, if in range.
    pub fn var_raw(&self, i: u32) -> Option<[u8; VAR_SIZE]> {
        let at = usize::try_from(i).ok()?.checked_mul(VAR_SIZE)?;
        let b = self.vars.get(at..at.checked_add(VAR_SIZE)?)?;
        let mut a = [0u8; VAR_SIZE];
        a.copy_from_slice(b);
        Some(a)
    }

    /// Variable declaration `i`, if in range and well-formed.
    pub fn var(&self, i: u32) -> Option<VarDecl> {
        VarDecl::decode(self.var_raw(i)?)
    }

    /// The whole string table.
    pub fn strtab(&self) -> &'a [u8] {
        self.strtab
    }

    /// The string at offset `off` in the string table, up to (not
    /// including) its NUL, if `off` is in range and a NUL follows.
    pub fn string(&self, off: u32) -> Option<&'a [u8]> {
        let tail = self.strtab.get(usize::try_from(off).ok()?..)?;
        let end = tail.iter().position(|&c| c == 0)?;
        tail.get(..end)
    }

    /// Number of aggregations the program may name.
    pub fn agg_count(&self) -> u32 {
        self.header.agg_count
    }
}

/// A part of the blob, for size errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// The instructions.
    Insns,
    /// The constant table.
    Consts,
    /// The string table.
    Strtab,
    /// The variable table.
    Vars,
    /// The aggregation count.
    Aggs,
}

impl Section {
    /// The section's name in messages.
    pub const fn name(self) -> &'static str {
        match self {
            Section::Insns => "instructions",
            Section::Consts => "constants",
            Section::Strtab => "string table bytes",
            Section::Vars => "variables",
            Section::Aggs => "aggregations",
        }
    }
}
