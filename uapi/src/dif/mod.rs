//! DIF, rdtrace's probe-context bytecode: the program format, its verifier
//! and its interpreter.
//!
//! A program is a blob: a 32-byte [`program::Header`], then fixed-width
//! 8-byte instructions ([`insn::Insn`]), a table of 64-bit constants, a
//! table of variable declarations and a string table. The compiler in
//! `rdtrace` writes it; the kernel never trusts it: [`verifier::verify`]
//! either rejects it with a [`error::VerifyError`] naming the instruction,
//! or returns a [`verifier::Verified`] with the program's worst-case
//! instruction count, which [`interp::run`] enforces as a budget.
//! [`verifier::verify_lowered`] also lowers it into a
//! [`lowered::LoweredProgram`], which runs without re-checking what the
//! verifier proved; [`interp::run`] stays as the reference.
//!
//! The machine has [`NREGS`] 64-bit registers, each either an integer or a
//! string (a reference into the string table or into the caller's scratch
//! buffer). Branches only go forward; the one backward edge is a bounded
//! loop (`loop`/`endloop`) whose trip count is an immediate. The interpreter
//! never dereferences an address: memory reads, variables, records and
//! aggregations all go through the [`env::Env`] trait.
//!
//! Nothing here allocates, recurses, panics on any input or uses floats: the
//! same files are compiled into the kernel module. The assembler and the
//! disassembler, which need an allocator, sit behind the `alloc` feature.
#![deny(clippy::arithmetic_side_effects)]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
pub mod asm;
pub mod builtin;
pub mod class;
#[cfg(feature = "alloc")]
pub mod disasm;
pub mod env;
pub mod error;
pub mod fault;
pub mod gate;
pub mod insn;
pub mod interp;
pub mod kernel_reads;
pub mod lowered;
pub mod opcode;
pub mod program;
pub mod subr;
pub mod verifier;

/// Number of registers, `r0` to `r15`.
pub const NREGS: usize = 16;

/// Size of one instruction in bytes.
pub const INSN_SIZE: usize = 8;

/// The value type of a register, variable, argument or result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// A 64-bit integer.
    Int,
    /// A string: bytes in the string table or in scratch, not NUL-terminated.
    Str,
}

impl Ty {
    /// The type's name in the assembler and in messages.
    pub const fn name(self) -> &'static str {
        match self {
            Ty::Int => "int",
            Ty::Str => "str",
        }
    }
}

/// Hard limits of the format; a [`verifier::Limits`] may lower them.
pub mod limits {
    /// Most instructions in one program.
    pub const MAX_INSNS: u32 = 4096;
    /// Most entries in the constant table.
    pub const MAX_CONSTS: u32 = 1024;
    /// Most bytes in the string table.
    pub const MAX_STRTAB: u32 = 65536;
    /// Most variable declarations.
    pub const MAX_VARS: u32 = 1024;
    /// Most aggregations one program may name.
    pub const MAX_AGGS: u32 = 1024;
    /// Deepest loop nesting.
    pub const MAX_LOOP_DEPTH: usize = 4;
    /// Largest trip count of one loop.
    pub const MAX_LOOP_BOUND: u32 = 65536;
    /// Most registers in a key tuple or an argument list.
    pub const MAX_TUPLE: usize = 8;
    /// Highest probe argument index for `ldarg`.
    pub const MAX_ARG: u32 = 15;
    /// Deepest `stack`/`ustack` capture.
    pub const MAX_STACK_DEPTH: u32 = 128;
    /// Largest worst-case instruction count any program may have.
    pub const MAX_COST: u64 = 1 << 20;
    /// Largest string size (`strsize`).
    pub const MAX_STRSIZE: u32 = 4096;
}
