//! Which programs read kernel memory: the facts the kernel's lockdown
//! (`lockdown=confidentiality`, `LOCKDOWN_BPF_READ_KERNEL`) is about.
//!
//! A program reads kernel memory through a kernel load (`ldk1`..`ldk8`, a
//! kernel pointer's dereference), `stringof()` of an address, `bcopy()`'s
//! and `tracemem()`'s source, `inet_ntop()`'s and `link_ntop()`'s address and a kernel stack (`stack()`, `stack()` as an aggregation key):
//! the interpreter reaches [`super::env::Env::read_kernel`],
//! `read_kernel_str`, `stack` and `kernel_stack` from nothing else. BPF refuses the same things under
//! lockdown (its `probe_read_kernel` helpers), so a locked-down kernel
//! refuses such a program at ENABLE, before anything runs.

use super::insn::Insn;
use super::opcode::Op;
use super::program::Program;
use super::subr::Subr;

/// How an instruction reads kernel memory, for the refusal's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelRead {
    /// A load through a kernel address.
    Load,
    /// A string at a kernel address: `stringof()`, a `char` array member.
    Stringof,
    /// A kernel stack, recorded or as a value.
    Stack,
}

impl KernelRead {
    /// What the user wrote, in words.
    pub const fn describe(self) -> &'static str {
        match self {
            KernelRead::Load => "a kernel pointer's dereference",
            KernelRead::Stringof => "a string in kernel memory",
            KernelRead::Stack => "stack()",
        }
    }
}

/// How `insn` reads kernel memory, if it does.
pub fn of_insn(insn: Insn) -> Option<KernelRead> {
    match Op::from_byte(insn.opcode)? {
        Op::Ldk1 | Op::Ldk2 | Op::Ldk4 | Op::Ldk8 => Some(KernelRead::Load),
        Op::Stack => Some(KernelRead::Stack),
        Op::Call if insn.uimm() == Subr::Stringof as u32 => Some(KernelRead::Stringof),
        Op::Call if insn.uimm() == Subr::Kstack as u32 => Some(KernelRead::Stack),
        Op::Call if insn.uimm() == Subr::Bcopy as u32 => Some(KernelRead::Load),
        Op::Call if insn.uimm() == Subr::Membytes as u32 => Some(KernelRead::Load),
        Op::Call if insn.uimm() == Subr::InetNtop as u32 => Some(KernelRead::Load),
        Op::Call if insn.uimm() == Subr::LinkNtop as u32 => Some(KernelRead::Load),
        Op::Call if insn.uimm() == Subr::DPath as u32 => Some(KernelRead::Load),
        _ => None,
    }
}

/// The first instruction of `prog` that reads kernel memory: its index and
/// how.
pub fn first(prog: &Program<'_>) -> Option<(usize, KernelRead)> {
    (0..prog.insn_count()).find_map(|pc| Some((pc, of_insn(prog.insn(pc)?)?)))
}
