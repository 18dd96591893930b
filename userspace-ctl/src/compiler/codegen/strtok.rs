//! `strtok()`: the DIF subroutine asked twice about the firing's string,
//! once for the token and once for the rest, which is kept for the next
//! call.

use super::super::diagnostics::Diagnostic;
use super::super::ir;
use super::super::regs::Reg;
use super::Gen;
use rdtrace_uapi::dif::subr::{STRTOK_REST, STRTOK_SET};
use rdtrace_uapi::dif::Ty;

impl Gen {
    /// `r` = the next token. `strtok(s, d)` first makes `s` the firing's
    /// string; `strtok(NULL, d)` faults (address 0) if nothing did, and
    /// so does a NULL `d`.
    /// The subroutine's three arguments take consecutive registers above
    /// `r`: the string, the delimiters, the flags.
    pub(super) fn strtok(
        &mut self,
        t: &ir::Strtok,
        r: Reg,
        e: &ir::Expr,
    ) -> Result<(), Diagnostic> {
        if let Some(source) = &t.source {
            self.value_into(source, r)?;
            self.store_from(&t.rest, r, e)?;
        }
        let rest = self.regs.alloc(e.span)?;
        self.load_into(&t.rest, rest, e)?;
        self.regs.set_ty(rest, Ty::Str);
        let flags = match &t.delims {
            Some(d) => {
                self.value(d)?;
                self.regs.alloc(e.span)?
            }
            None => {
                let d = self.regs.alloc(e.span)?;
                self.asm.string("");
                self.asm.insn(format!("lds {d}, \"\""));
                self.regs.set_ty(d, Ty::Str);
                self.regs.alloc(e.span)?
            }
        };
        if t.delims.is_none() {
            self.asm.insn(format!("movi {flags}, 0"));
        } else if t.source.is_some() {
            self.asm.insn(format!("movi {flags}, {STRTOK_SET}"));
            self.store_from(&t.set, flags, e)?;
        } else {
            self.load_into(&t.set, flags, e)?;
        }
        self.regs.set_ty(flags, Ty::Int);
        self.asm.insn(format!("call {r}, strtok, {rest}"));
        self.asm.insn(format!("ori {flags}, {STRTOK_REST}"));
        self.asm.insn(format!("call {rest}, strtok, {rest}"));
        self.store_from(&t.rest, rest, e)
    }
}
