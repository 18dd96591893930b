//! Per-instruction checks that need no flow information: unused fields
//! zero, indexes in range, immediates valid.

use super::super::builtin::Builtin;
use super::super::error::VerifyError;
use super::super::insn::{Insn, Reg};
use super::super::limits;
use super::super::opcode::{Form, Op};
use super::super::program::{Program, VarDecl, VarKind};
use super::super::subr::Subr;

/// Checks that the fields `op` does not use are zero.
pub(super) fn check_reserved(pc: u32, insn: Insn, op: Op) -> Result<(), VerifyError> {
    let (d, s, o, i) = op.form().fields();
    let bad = (!d && insn.dst.num() != 0)
        || (!s && insn.src.num() != 0)
        || (!o && insn.off != 0)
        || (!i && insn.imm != 0);
    if bad {
        Err(VerifyError::ReservedBits { insn: pc })
    } else {
        Ok(())
    }
}

/// Checks a tuple of `count` registers from `first`; a zero-length tuple
/// must name `r0` (the field is unused).
pub(super) fn check_tuple(pc: u32, first: Reg, count: i64) -> Result<usize, VerifyError> {
    let bad = VerifyError::BadRegister {
        insn: pc,
        reg: first.num(),
        count: usize::try_from(count).unwrap_or(usize::MAX),
    };
    let Ok(n) = usize::try_from(count) else {
        return Err(bad);
    };
    if n > limits::MAX_TUPLE {
        return Err(bad);
    }
    match n.checked_sub(1) {
        None if first.num() != 0 => Err(VerifyError::ReservedBits { insn: pc }),
        None => Ok(0),
        Some(last) => first.offset(last).map(|_| n).ok_or(bad),
    }
}

/// The variable declaration an access names, checked against the kind the
/// opcode accesses.
pub(super) fn check_var(
    prog: &Program<'_>,
    pc: u32,
    insn: Insn,
    op: Op,
) -> Result<VarDecl, VerifyError> {
    let var = insn.uimm();
    let decl = prog.var(var).ok_or(VerifyError::BadVar { insn: pc, var })?;
    let kind = match op {
        Op::Ldg | Op::Stg => VarKind::Global,
        Op::Ldt | Op::Stt => VarKind::ThreadLocal,
        Op::Ldl | Op::Stl => VarKind::ClauseLocal,
        _ => VarKind::Assoc,
    };
    if decl.kind != kind {
        return Err(VerifyError::VarKindMismatch { insn: pc, var });
    }
    Ok(decl)
}

/// Checks the indexes and immediates of one instruction.
pub(super) fn check_operands(
    prog: &Program<'_>,
    pc: u32,
    insn: Insn,
    op: Op,
) -> Result<(), VerifyError> {
    check_reserved(pc, insn, op)?;
    let imm = insn.uimm();
    let bad_imm = VerifyError::BadImmediate {
        insn: pc,
        imm: insn.imm,
    };
    match op.form() {
        Form::AluImm => match op {
            Op::LshI | Op::RshI | Op::ArshI if imm >= 64 => return Err(bad_imm),
            Op::SdivI | Op::UdivI | Op::SremI | Op::UremI if imm == 0 => return Err(bad_imm),
            _ => {}
        },
        Form::Const => {
            if u64::from(imm) >= prog.const_count() as u64 {
                return Err(VerifyError::BadConst {
                    insn: pc,
                    index: imm,
                });
            }
        }
        Form::Str => {
            if prog.string(imm).is_none() {
                return Err(VerifyError::BadString {
                    insn: pc,
                    offset: imm,
                });
            }
        }
        Form::Builtin => {
            if Builtin::from_u32(imm).is_none() {
                return Err(VerifyError::BadBuiltin {
                    insn: pc,
                    builtin: imm,
                });
            }
        }
        Form::ArgImm => {
            if imm > limits::MAX_ARG {
                return Err(bad_imm);
            }
        }
        Form::Loop | Form::EndLoop => {
            if imm == 0 || imm > limits::MAX_LOOP_BOUND {
                return Err(bad_imm);
            }
        }
        Form::VarLoad | Form::VarStore => {
            check_var(prog, pc, insn, op)?;
        }
        Form::AssocLoad => {
            let decl = check_var(prog, pc, insn, op)?;
            check_tuple(pc, insn.src, i64::from(decl.arity))?;
        }
        Form::AssocStore => {
            let decl = check_var(prog, pc, insn, op)?;
            check_tuple(pc, insn.dst, i64::from(decl.arity))?;
        }
        Form::Call => {
            let subr = Subr::from_u32(imm).ok_or(VerifyError::BadSubr {
                insn: pc,
                subr: imm,
            })?;
            check_tuple(pc, insn.src, subr.args().len() as i64)?;
        }
        Form::Printf => {
            if prog.string(imm).is_none() {
                return Err(VerifyError::BadString {
                    insn: pc,
                    offset: imm,
                });
            }
            check_tuple(pc, insn.src, i64::from(insn.off))?;
        }
        Form::Stack => {
            if imm == 0 || imm > limits::MAX_STACK_DEPTH {
                return Err(bad_imm);
            }
        }
        Form::AggCount | Form::AggValue => {
            if imm >= prog.agg_count() {
                return Err(VerifyError::BadAgg { insn: pc, agg: imm });
            }
            check_tuple(pc, insn.src, i64::from(insn.off))?;
        }
        Form::AluReg
        | Form::Unary
        | Form::ArgReg
        | Form::Load
        | Form::Jump
        | Form::JumpReg
        | Form::JumpImm
        | Form::Action
        | Form::Ret => {}
    }
    Ok(())
}

/// The register an instruction writes, if any (`endloop` excluded: it
/// advances its own loop's counter).
pub(super) const fn written(op: Op, insn: Insn) -> Option<Reg> {
    use Form::*;
    match op.form() {
        AluReg | AluImm | Unary | Const | Str | Builtin | ArgImm | ArgReg | Load | Loop
        | VarLoad | AssocLoad | Call => Some(insn.dst),
        _ => None,
    }
}
