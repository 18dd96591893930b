//! Expressions compiled for their value.

use super::super::asm_text::quote;
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, ExprKind};
use super::super::regs::Reg;
use super::{ops, Gen};
use rdtrace_uapi::dif::subr::Subr;
use rdtrace_uapi::dif::Ty;

impl Gen {
    /// Evaluates `e` into the next free register, which stays allocated;
    /// its temporaries are released.
    pub(super) fn value(&mut self, e: &ir::Expr) -> Result<Reg, Diagnostic> {
        let r = self.regs.alloc(e.span)?;
        self.value_into(e, r)?;
        Ok(r)
    }

    /// Evaluates `e` into `r` (allocated; everything above it free on
    /// entry and again on exit), spilled if it needs more registers than
    /// are free.
    pub(super) fn value_into(&mut self, e: &ir::Expr, r: Reg) -> Result<(), Diagnostic> {
        let outer = self.asm.at(e.span);
        let done = if self.must_spill(e, r) {
            self.spilled_into(e, r)
        } else {
            self.value_here(e, r)
        };
        self.regs.set_ty(r, e.ty.dif());
        self.asm.at(outer);
        done
    }

    /// [`Gen::value_into`] with the instructions' source set to `e`.
    fn value_here(&mut self, e: &ir::Expr, r: Reg) -> Result<(), Diagnostic> {
        let mark = self.regs.mark();
        match &e.kind {
            ExprKind::Int(v) => self.constant(r, *v),
            ExprKind::Str(s) => {
                self.asm.string(s);
                self.asm.insn(format!("lds {r}, {}", quote(s)));
            }
            ExprKind::Builtin(b) => self.asm.insn(format!("ldb {r}, {}", b.name())),
            ExprKind::Arg(n) => self.asm.insn(format!("ldarg {r}, {n}")),
            ExprKind::ArgAt(i) => {
                self.value_into(i, r)?;
                self.asm.insn(format!("ldargr {r}, {r}"));
            }
            ExprKind::Neg(x) => {
                self.value_into(x, r)?;
                self.asm.insn(format!("neg {r}"));
            }
            ExprKind::BitNot(x) => {
                self.value_into(x, r)?;
                self.asm.insn(format!("not {r}"));
            }
            ExprKind::Arith(op, a, b) => {
                self.value_into(a, r)?;
                let signed = e.ty.is_signed();
                let name = ops::arith(*op, signed);
                // A signed remainder takes the sign of the quotient, as
                // in Oracle's DTrace (-19 % 5 and 19 % -5 are both -4):
                // C's remainder, negated when the divisor is negative.
                let sign_of_quotient = signed && *op == ir::ArithOp::Rem;
                match constant_operand(b).filter(|&i| ops::arith_imm_ok(*op, i)) {
                    Some(i) => {
                        self.asm.insn(format!("{name}i {r}, {i}"));
                        if sign_of_quotient && i < 0 {
                            self.asm.insn(format!("neg {r}"));
                        }
                    }
                    None => {
                        let rb = self.value(b)?;
                        self.asm.insn(format!("{name} {r}, {rb}"));
                        if sign_of_quotient {
                            let done = self.asm.label();
                            self.asm.insn(format!("jsgei {rb}, 0, {done}"));
                            self.asm.insn(format!("neg {r}"));
                            self.asm.place(done);
                        }
                    }
                }
            }
            ExprKind::Compare { .. }
            | ExprKind::StrCompare(..)
            | ExprKind::Not(_)
            | ExprKind::Logical(..) => self.truth_into(e, r)?,
            ExprKind::Ternary(c, yes, no) => {
                let (else_, end) = (self.asm.label(), self.asm.label());
                self.branch(c, false, else_)?;
                self.value_into(yes, r)?;
                self.asm.insn(format!("ja {end}"));
                self.asm.place(else_);
                self.value_into(no, r)?;
                self.asm.place(end);
            }
            ExprKind::Call(subr, args) => {
                let mut regs = args.iter();
                if let Some(first) = regs.next() {
                    self.value_into(first, r)?;
                }
                for a in regs {
                    self.value(a)?;
                }
                if args.is_empty() {
                    self.asm.insn(format!("call {r}, {}", subr.name()));
                } else {
                    self.asm.insn(format!("call {r}, {}, {r}", subr.name()));
                }
            }
            ExprKind::Load(place) => self.load_into(place, r, e)?,
            ExprKind::Store(place, value) => self.store_into(place, value, r, e)?,
            ExprKind::PostIncr(place, delta) => self.post_incr_into(place, *delta, r, e)?,
            ExprKind::Narrow(x, k) => {
                self.value_into(x, r)?;
                self.narrow(r, *k);
            }
            ExprKind::Deref(x, k) => {
                self.value_into(x, r)?;
                self.deref(r, *k);
            }
            ExprKind::MemberStore(m) => self.member_store(m, r, e)?,
            ExprKind::Strtok(t) => self.strtok(t, r, e)?,
        }
        self.regs.release(mark);
        Ok(())
    }

    /// `r` = the member's new value, and the struct variable rewritten
    /// with it: `blobset` (or `blobput`) of the variable's bytes, whose
    /// five arguments take consecutive registers, then the store.
    fn member_store(
        &mut self,
        m: &ir::MemberStore,
        r: Reg,
        e: &ir::Expr,
    ) -> Result<(), Diagnostic> {
        self.value_into(&m.value, r)?;
        let blob = self.value(&m.root)?;
        let args = self.regs.mark();
        let size = self.regs.alloc(e.span)?;
        self.constant(size, m.size);
        self.regs.set_ty(size, Ty::Int);
        self.value(&m.offset)?;
        let (fourth, fifth) = (self.regs.alloc(e.span)?, self.regs.alloc(e.span)?);
        let (moved, width, subr) = match m.put {
            true => (fourth, fifth, Subr::BlobPut),
            false => (fifth, fourth, Subr::BlobSet),
        };
        self.asm.insn(format!("mov {moved}, {r}"));
        self.regs.set_ty(moved, m.value.ty.dif());
        self.constant(width, m.width);
        self.regs.set_ty(width, Ty::Int);
        self.asm
            .insn(format!("call {blob}, {}, {blob}", subr.name()));
        self.regs.set_ty(blob, Ty::Str);
        self.regs.release(args);
        self.store_from(&m.place, blob, e)
    }

    /// 1 if `e` holds, else 0, into `r`.
    pub(super) fn truth_into(&mut self, e: &ir::Expr, r: Reg) -> Result<(), Diagnostic> {
        let (no, end) = (self.asm.label(), self.asm.label());
        self.branch(e, false, no)?;
        self.asm.insn(format!("movi {r}, 1"));
        self.asm.insn(format!("ja {end}"));
        self.asm.place(no);
        self.asm.insn(format!("movi {r}, 0"));
        self.asm.place(end);
        self.regs.set_ty(r, Ty::Int);
        Ok(())
    }

    /// Loads the 64-bit constant `v`: `movi` if it fits the sign-extended
    /// immediate, else the constant table.
    fn constant(&mut self, r: Reg, v: u64) {
        match ops::imm(v) {
            Some(i) => self.asm.insn(format!("movi {r}, {i}")),
            None => self.asm.insn(format!("ldc {r}, ={v:#x}")),
        }
    }
}

/// `e`'s value as an immediate, if it is a constant that fits.
pub(super) fn constant_operand(e: &ir::Expr) -> Option<i32> {
    match e.kind {
        ExprKind::Int(v) => ops::imm(v),
        _ => None,
    }
}
