//! The type transfer function: what an instruction needs in its registers
//! and what it leaves there.

use super::super::builtin::Builtin;
use super::super::error::VerifyError;
use super::super::insn::{Insn, Reg};
use super::super::opcode::{Form, Op};
use super::super::program::Program;
use super::super::subr::Subr;
use super::super::Ty;
use super::regs::RegState;

/// Checks that `count` registers from `first` are all written.
fn need_tuple(regs: RegState, pc: u32, first: Reg, count: usize) -> Result<(), VerifyError> {
    for i in 0..count {
        if let Some(r) = first.offset(i) {
            regs.read(pc, r)?;
        }
    }
    Ok(())
}

/// Applies `insn` to `regs`: checks its reads and records its writes.
/// [`super::fields::check_operands`] has already passed.
pub(super) fn transfer(
    prog: &Program<'_>,
    regs: &mut RegState,
    pc: u32,
    insn: Insn,
    op: Op,
) -> Result<(), VerifyError> {
    let (d, s) = (insn.dst, insn.src);
    match op.form() {
        Form::AluReg if op == Op::Mov => {
            let ty = regs.read(pc, s)?;
            regs.set(d, ty);
        }
        Form::AluReg => {
            regs.need(pc, d, Ty::Int)?;
            regs.need(pc, s, Ty::Int)?;
            regs.set(d, Ty::Int);
        }
        Form::AluImm if op == Op::MovI => regs.set(d, Ty::Int),
        Form::AluImm | Form::Unary => {
            regs.need(pc, d, Ty::Int)?;
            regs.set(d, Ty::Int);
        }
        Form::Const | Form::ArgImm => regs.set(d, Ty::Int),
        Form::Str => regs.set(d, Ty::Str),
        Form::Builtin => {
            let ty = Builtin::from_u32(insn.uimm()).map_or(Ty::Int, Builtin::ty);
            regs.set(d, ty);
        }
        Form::ArgReg | Form::Load => {
            regs.need(pc, s, Ty::Int)?;
            regs.set(d, Ty::Int);
        }
        Form::Jump | Form::Stack => {}
        Form::JumpReg => {
            regs.need(pc, d, Ty::Int)?;
            regs.need(pc, s, Ty::Int)?;
        }
        Form::JumpImm => regs.need(pc, d, Ty::Int)?,
        Form::Loop => regs.set(d, Ty::Int),
        Form::EndLoop => regs.need(pc, d, Ty::Int)?,
        Form::VarLoad | Form::AssocLoad | Form::VarStore | Form::AssocStore => {
            let Some(decl) = prog.var(insn.uimm()) else {
                return Err(VerifyError::BadVar {
                    insn: pc,
                    var: insn.uimm(),
                });
            };
            match op.form() {
                Form::VarLoad => regs.set(d, decl.ty),
                Form::VarStore => regs.need(pc, s, decl.ty)?,
                Form::AssocLoad => {
                    need_tuple(*regs, pc, s, usize::from(decl.arity))?;
                    regs.set(d, decl.ty);
                }
                _ => {
                    need_tuple(*regs, pc, d, usize::from(decl.arity))?;
                    regs.need(pc, s, decl.ty)?;
                }
            }
        }
        Form::Call => {
            let Some(subr) = Subr::from_u32(insn.uimm()) else {
                return Err(VerifyError::BadSubr {
                    insn: pc,
                    subr: insn.uimm(),
                });
            };
            for (i, ty) in subr.args().iter().enumerate() {
                if let Some(r) = s.offset(i) {
                    regs.need(pc, r, *ty)?;
                }
            }
            regs.set(d, subr.ret());
        }
        // exit, speculate, commit and discard take an integer.
        Form::Action if op != Op::Trace => regs.need(pc, s, Ty::Int)?,
        Form::Action => {
            regs.read(pc, s)?;
        }
        Form::Printf | Form::AggCount => {
            need_tuple(*regs, pc, s, usize::try_from(insn.off).unwrap_or(0))?;
        }
        Form::AggValue => {
            regs.need(pc, d, Ty::Int)?;
            need_tuple(*regs, pc, s, usize::try_from(insn.off).unwrap_or(0))?;
        }
        Form::Ret => regs.need(pc, s, Ty::Int)?,
    }
    Ok(())
}
