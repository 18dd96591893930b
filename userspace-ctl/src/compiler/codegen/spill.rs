//! Spilling: an expression that needs more registers than are free above
//! its destination is computed from the bottom of the register stack
//! instead, with the registers in use below it saved in clause-local
//! slots around it (`stl` before, `ldl` after), and its value moved into
//! the destination. The outer code's registers hold the same values after
//! as before, so code generation goes on as if nothing happened; a
//! subexpression still too big spills again, one level deeper, into its
//! own slots. Slots are clause-local variables the script cannot name
//! (`this->.spillL.rN.TY`), declared in every program of the script so
//! the variable table stays the same in all of them.

use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, ExprKind, LogicOp, Place};
use super::super::regs::{Reg, Regs};
use super::value::constant_operand;
use super::{ops, Gen};
use rdtrace_uapi::dif::program::VarKind;
use rdtrace_uapi::dif::Ty;
use std::collections::BTreeSet;

/// One spill slot: the nesting level of the spill, the register it saves
/// and whether it holds a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slot {
    level: u32,
    reg: u8,
    string: bool,
}

impl Slot {
    /// The slot's variable name: no D identifier has a `.`.
    pub fn name(self) -> String {
        let ty = if self.string { "str" } else { "int" };
        format!("this->.spill{}.r{}.{ty}", self.level, self.reg)
    }

    fn ty(self) -> Ty {
        if self.string {
            Ty::Str
        } else {
            Ty::Int
        }
    }
}

/// Declares `slots` (every program's spill slots, the same list for
/// all) after the script's variables.
pub fn declare(asm: &mut super::super::asm_text::AsmText, slots: &BTreeSet<Slot>) {
    for s in slots {
        asm.var(&s.name(), VarKind::ClauseLocal, s.ty(), 0);
    }
}

impl Gen {
    /// Whether `e` into `r` needs more registers than are free from `r`
    /// up, and spilling would free some.
    pub(super) fn must_spill(&mut self, e: &ir::Expr, r: Reg) -> bool {
        r.index() > self.floor && self.need(e) > Regs::room_from(r)
    }

    /// Computes `e` into `r` from the bottom of the register stack, the
    /// registers below `r` saved around it.
    pub(super) fn spilled_into(&mut self, e: &ir::Expr, r: Reg) -> Result<(), Diagnostic> {
        let level = self.spill_level;
        self.spill_level += 1;
        let live = self.regs.live_below(self.floor, r);
        let slots: Vec<Slot> = live
            .iter()
            .map(|&(reg, ty)| Slot {
                level,
                reg: reg.index(),
                string: ty == Ty::Str,
            })
            .collect();
        for (&(reg, _), slot) in live.iter().zip(&slots) {
            self.spills.insert(*slot);
            self.asm.insn(format!("stl {}, {reg}", slot.name()));
        }
        let outer = self.regs.spill_from(self.floor);
        let low = self.regs.alloc(e.span)?;
        self.value_into(e, low)?;
        self.asm.insn(format!("mov {r}, {low}"));
        self.regs.unspill(outer);
        for (&(reg, _), slot) in live.iter().zip(&slots) {
            self.asm.insn(format!("ldl {reg}, {}", slot.name()));
        }
        self.spill_level -= 1;
        Ok(())
    }

    /// The registers computing `e` into a register takes, that one
    /// included, without spilling (remembered: linear in the tree).
    pub(super) fn need(&mut self, e: &ir::Expr) -> usize {
        let key = e as *const ir::Expr as usize;
        if let Some(&n) = self.need_cache.get(&key) {
            return n;
        }
        let n = match &e.kind {
            ExprKind::Int(_) | ExprKind::Str(_) | ExprKind::Builtin(_) | ExprKind::Arg(_) => 1,
            ExprKind::ArgAt(x)
            | ExprKind::Neg(x)
            | ExprKind::BitNot(x)
            | ExprKind::Narrow(x, _)
            | ExprKind::Deref(x, _) => self.need(x),
            ExprKind::Arith(op, a, b) => {
                let a = self.need(a);
                match constant_operand(b).filter(|&i| ops::arith_imm_ok(*op, i)) {
                    Some(_) => a,
                    None => a.max(1 + self.need(b)),
                }
            }
            ExprKind::Compare { .. }
            | ExprKind::StrCompare(..)
            | ExprKind::Not(_)
            | ExprKind::Logical(..) => 1 + self.branch_need(e),
            ExprKind::Ternary(c, yes, no) => {
                let c = 1 + self.branch_need(c);
                c.max(self.need(yes)).max(self.need(no))
            }
            ExprKind::Call(_, args) => {
                let mut n = 1;
                for (i, a) in args.iter().enumerate() {
                    n = n.max(i + self.need(a));
                }
                n
            }
            ExprKind::Load(place) => 1 + self.keys_need(place),
            ExprKind::Store(place, v) => self.need(v).max(1 + self.keys_need(place)),
            ExprKind::PostIncr(place, _) => 2 + self.keys_need(place),
            // The value, then the bytes and `blobset`'s other four
            // arguments above it; the store's keys above the bytes.
            ExprKind::MemberStore(m) => {
                let (value, root) = (self.need(&m.value), self.need(&m.root));
                let offset = self.need(&m.offset);
                value
                    .max(1 + root)
                    .max(3 + offset)
                    .max(6)
                    .max(2 + self.keys_need(&m.place))
            }
            // The string first, then the three arguments above the token.
            ExprKind::Strtok(t) => {
                let source = t.source.as_ref().map_or(1, |s| self.need(s));
                let delims = t.delims.as_ref().map_or(1, |d| self.need(d));
                source.max(2 + delims).max(4)
            }
        };
        self.need_cache.insert(key, n);
        n
    }

    /// The registers an array's keys take above the value's register.
    fn keys_need(&mut self, place: &Place) -> usize {
        let mut n = 0;
        for (i, k) in place.keys.iter().enumerate() {
            n = n.max(i + self.need(k));
        }
        n
    }

    /// The registers `e` compiled as a jump takes.
    fn branch_need(&mut self, e: &ir::Expr) -> usize {
        match &e.kind {
            ExprKind::Compare { lhs, rhs, .. } => {
                let a = self.need(lhs);
                match constant_operand(rhs) {
                    Some(_) => a,
                    None => a.max(1 + self.need(rhs)),
                }
            }
            ExprKind::StrCompare(_, lhs, rhs) => self.need(lhs).max(1 + self.need(rhs)),
            ExprKind::Not(x) => self.branch_need(x),
            ExprKind::Logical(LogicOp::Xor, a, b) => {
                (1 + self.branch_need(a)).max(2 + self.branch_need(b))
            }
            ExprKind::Logical(_, a, b) => self.branch_need(a).max(self.branch_need(b)),
            ExprKind::Int(_) => 0,
            _ => self.need(e),
        }
    }
}
