//! `strtok(s, delims)` and `strtok(NULL, delims)` (DTrace's prototype:
//! `string(const char *, const char *)`; a constant 0 first continues the
//! string of this probe firing).

use super::super::ast::Expr;
use super::super::diagnostics::{Diagnostic, ErrTag};
use super::super::ir::{self, Place};
use super::super::types::Type;
use super::symbols::Scope;
use super::{consts, Checker};

/// The hidden clause-local variables holding the firing's state (names D
/// cannot spell).
const REST: &str = "strtok.rest";
const SET: &str = "strtok.set";

/// A constant 0 (NULL) where a string goes.
fn is_null(e: &ir::Expr) -> bool {
    !e.ty.is_string() && consts::value(e) == Some(0)
}

impl Checker<'_, '_> {
    /// A `strtok` call.
    pub(super) fn strtok_call(&mut self, e: &Expr, args: &[Expr]) -> Option<ir::Expr> {
        if !self.arity_ok(e, "strtok", args.len(), 2, 0) {
            return None;
        }
        let (s_arg, d_arg) = (&args[0], &args[1]);
        let s = self.argument(s_arg, "`strtok`", ErrTag::ProtoArg);
        let d = self.argument(d_arg, "`strtok`", ErrTag::ProtoArg);
        let (s, d) = (s?, d?);
        let source = match is_null(&s) {
            true => None,
            false => Some(self.strtok_string(s, s_arg)?),
        };
        let delims = match is_null(&d) {
            true => None,
            false => Some(self.strtok_string(d, d_arg)?),
        };
        let rest = self.hidden_local(REST, Type::Str, e)?;
        let set = self.hidden_local(SET, Type::INT, e)?;
        let call = ir::Strtok {
            source,
            delims,
            rest,
            set,
        };
        Some(ir::Expr {
            kind: ir::ExprKind::Strtok(Box::new(call)),
            ty: Type::Str,
            span: e.span,
        })
    }

    /// An argument that must be a string (or a `char *`).
    fn strtok_string(&mut self, c: ir::Expr, arg: &Expr) -> Option<ir::Expr> {
        let c = super::structs::char_pointer_as_string(c);
        if c.ty != Type::Str {
            self.report(Diagnostic::arg_type(arg.span, "strtok", Type::Str, c.ty));
            return None;
        }
        Some(c)
    }

    /// The clause-local scalar `name`, declared with `ty` on first use.
    fn hidden_local(&mut self, name: &str, ty: Type, e: &Expr) -> Option<Place> {
        let id = match self.syms.lookup(Scope::Clause, name) {
            Some((id, _)) => id,
            None => self.add_var(Scope::Clause, name, ty, Vec::new(), e.span)?,
        };
        let kind = self.syms.vars.get(id as usize)?.kind;
        Some(Place {
            var: id,
            kind,
            keys: Vec::new(),
        })
    }
}
