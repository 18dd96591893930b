//! Expressions compiled as conditional jumps.

use super::super::asm_text::Label;
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, CmpOp, ExprKind, LogicOp};
use super::value::constant_operand;
use super::{ops, Gen};

impl Gen {
    /// Jumps to `target` if `e` is true (`when` true) or false (`when`
    /// false); falls through otherwise. Registers are as before.
    pub(super) fn branch(
        &mut self,
        e: &ir::Expr,
        when: bool,
        target: Label,
    ) -> Result<(), Diagnostic> {
        let outer = self.asm.at(e.span);
        let done = self.branch_here(e, when, target);
        self.asm.at(outer);
        done
    }

    /// [`Gen::branch`] with the instructions' source set to `e`.
    fn branch_here(&mut self, e: &ir::Expr, when: bool, target: Label) -> Result<(), Diagnostic> {
        let mark = self.regs.mark();
        match &e.kind {
            ExprKind::Compare {
                op,
                signed,
                lhs,
                rhs,
            } => {
                let op = if when { *op } else { op.negate() };
                let jump = ops::jump(op, *signed);
                let a = self.value(lhs)?;
                match constant_operand(rhs) {
                    Some(i) => self.asm.insn(format!("{jump}i {a}, {i}, {target}")),
                    None => {
                        let b = self.value(rhs)?;
                        self.asm.insn(format!("{jump} {a}, {b}, {target}"));
                    }
                }
            }
            ExprKind::StrCompare(op, lhs, rhs) => {
                let op = if when { *op } else { op.negate() };
                let a = self.value(lhs)?;
                self.value(rhs)?;
                self.asm.insn(format!("call {a}, strcmp, {a}"));
                self.asm
                    .insn(format!("{}i {a}, 0, {target}", ops::jump(op, true)));
            }
            ExprKind::Not(x) => self.branch(x, !when, target)?,
            ExprKind::Logical(LogicOp::And, a, b) if when => {
                let skip = self.asm.label();
                self.branch(a, false, skip)?;
                self.branch(b, true, target)?;
                self.asm.place(skip);
            }
            ExprKind::Logical(LogicOp::And, a, b) => {
                self.branch(a, false, target)?;
                self.branch(b, false, target)?;
            }
            ExprKind::Logical(LogicOp::Or, a, b) if when => {
                self.branch(a, true, target)?;
                self.branch(b, true, target)?;
            }
            ExprKind::Logical(LogicOp::Or, a, b) => {
                let skip = self.asm.label();
                self.branch(a, true, skip)?;
                self.branch(b, false, target)?;
                self.asm.place(skip);
            }
            ExprKind::Logical(LogicOp::Xor, a, b) => {
                let ra = self.regs.alloc(a.span)?;
                self.truth_into(a, ra)?;
                let rb = self.regs.alloc(b.span)?;
                self.truth_into(b, rb)?;
                self.asm.insn(format!("xor {ra}, {rb}"));
                self.jump_if_nonzero(ra, when, target);
            }
            ExprKind::Int(v) => {
                if (*v != 0) == when {
                    self.asm.insn(format!("ja {target}"));
                }
            }
            _ => {
                let r = self.value(e)?;
                self.jump_if_nonzero(r, when, target);
            }
        }
        self.regs.release(mark);
        Ok(())
    }

    fn jump_if_nonzero(&mut self, r: super::Reg, when: bool, target: Label) {
        let op = if when { CmpOp::Ne } else { CmpOp::Eq };
        self.asm
            .insn(format!("{}i {r}, 0, {target}", ops::jump(op, false)));
    }
}
