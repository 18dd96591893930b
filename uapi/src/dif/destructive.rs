//! Which programs act on the system rather than observe it: `raise()`.
//! Such a program runs only in an enabling allowed destructive actions
//! (`-w`), which the kernel checks at ENABLE as DTrace does, whatever the
//! compiler said.

use super::opcode::Op;
use super::program::Program;
use super::subr::Subr;

/// The first instruction of `prog` that is a destructive action, if any.
pub fn first(prog: &Program<'_>) -> Option<usize> {
    (0..prog.insn_count()).find(|&pc| {
        prog.insn(pc).is_some_and(|i| {
            Op::from_byte(i.opcode) == Some(Op::Call) && i.uimm() == Subr::Raise as u32
        })
    })
}
