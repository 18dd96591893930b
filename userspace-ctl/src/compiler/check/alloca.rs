//! `alloca(size)`: checked as DTrace checks it at compile time (one
//! integer argument, a constant size within `scratchsize`); rdtrace has no
//! writable scratch memory for it yet, which it then says.

use super::super::ast::Expr;
use super::super::diagnostics::Diagnostic;
use super::super::ir;
use super::super::types::Type;
use super::Checker;

impl Checker<'_, '_> {
    pub(super) fn alloca(&mut self, e: &Expr, args: &[Expr]) -> Option<ir::Expr> {
        let [arg] = args else {
            let d = Diagnostic::wrong_arg_count(e.span, "alloca", "1 argument", args.len());
            self.report(d);
            return None;
        };
        let size = self.expr(arg)?;
        if size.ty.is_string() {
            self.report(Diagnostic::arg_type(
                arg.span,
                "alloca",
                Type::UINT,
                size.ty,
            ));
            return None;
        }
        let scratch = self.opts.scratchsize;
        match super::consts::value(&size) {
            Some(n) if scratch != 0 && n > scratch => {
                self.report(Diagnostic::alloca_size(e.span, n, scratch));
            }
            _ => self.report(Diagnostic::unsupported(e.span, "alloca()")),
        }
        None
    }
}
