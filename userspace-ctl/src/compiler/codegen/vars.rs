//! Variables, widths and memory: loads and stores of every storage
//! class, `x++`, narrowing to a type's width, and `*p`.

use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, Place};
use super::super::regs::Reg;
use super::super::types::IntKind;
use super::Gen;
use rdtrace_uapi::dif::program::VarKind;

/// The load and store mnemonics of a storage class.
fn mnemonics(kind: VarKind) -> (&'static str, &'static str) {
    match kind {
        VarKind::Global => ("ldg", "stg"),
        VarKind::ThreadLocal => ("ldt", "stt"),
        VarKind::ClauseLocal => ("ldl", "stl"),
        VarKind::Assoc => ("lda", "sta"),
    }
}

impl Gen {
    /// Evaluates an array's keys into consecutive registers; the first.
    fn keys(
        &mut self,
        place: &Place,
        span: super::super::span::Span,
    ) -> Result<Option<Reg>, Diagnostic> {
        let mut first = None;
        for k in &place.keys {
            let r = self.value(k)?;
            first.get_or_insert(r);
        }
        if first.is_none() && place.kind == VarKind::Assoc {
            return Err(Diagnostic::internal(
                span,
                "an array reference without keys",
            ));
        }
        Ok(first)
    }

    /// `r` = the variable's value.
    pub(super) fn load_into(
        &mut self,
        place: &Place,
        r: Reg,
        e: &ir::Expr,
    ) -> Result<(), Diagnostic> {
        let (ld, _) = mnemonics(place.kind);
        let name = self.var_names[place.var as usize].clone();
        match self.keys(place, e.span)? {
            Some(k) => self.asm.insn(format!("{ld} {r}, {name}, {k}")),
            None => self.asm.insn(format!("{ld} {r}, {name}")),
        }
        Ok(())
    }

    /// Stores `r` in the variable.
    pub(super) fn store_from(
        &mut self,
        place: &Place,
        r: Reg,
        e: &ir::Expr,
    ) -> Result<(), Diagnostic> {
        let (_, st) = mnemonics(place.kind);
        let name = self.var_names[place.var as usize].clone();
        match self.keys(place, e.span)? {
            Some(k) => self.asm.insn(format!("{st} {name}, {k}, {r}")),
            None => self.asm.insn(format!("{st} {name}, {r}")),
        }
        Ok(())
    }

    /// `r` = `value`, stored in the variable.
    pub(super) fn store_into(
        &mut self,
        place: &Place,
        value: &ir::Expr,
        r: Reg,
        e: &ir::Expr,
    ) -> Result<(), Diagnostic> {
        self.value_into(value, r)?;
        self.store_from(place, r, e)
    }

    /// `r` = the variable's old value; the variable += `delta`, narrowed
    /// to its type.
    pub(super) fn post_incr_into(
        &mut self,
        place: &Place,
        delta: i64,
        r: Reg,
        e: &ir::Expr,
    ) -> Result<(), Diagnostic> {
        self.load_into(place, r, e)?;
        self.regs.set_ty(r, e.ty.dif());
        let t = self.regs.alloc(e.span)?;
        self.regs.set_ty(t, e.ty.dif());
        self.asm.insn(format!("mov {t}, {r}"));
        self.asm.insn(format!("addi {t}, {delta}"));
        if let ir::Expr {
            ty: super::super::types::Type::Int { signed, size },
            ..
        } = e
        {
            if *size < 8 {
                self.narrow(
                    t,
                    IntKind {
                        signed: *signed,
                        size: *size,
                    },
                );
            }
        }
        self.store_from(place, t, e)
    }

    /// Truncates `r` to `k`'s width and extends it back.
    pub(super) fn narrow(&mut self, r: Reg, k: IntKind) {
        let shift = 64 - 8 * u32::from(k.size);
        let back = if k.signed { "arshi" } else { "rshi" };
        self.asm.insn(format!("lshi {r}, {shift}"));
        self.asm.insn(format!("{back} {r}, {shift}"));
    }

    /// `r` = the integer of `k`'s width at the kernel address in `r`.
    pub(super) fn deref(&mut self, r: Reg, k: IntKind) {
        self.asm.insn(format!("ldk{} {r}, [{r}+0]", k.size));
        if k.signed && k.size < 8 {
            self.narrow(r, k);
        }
    }
}
