//! `func(pc)`, `sym(pc)` and `mod(pc)`: a kernel address the consumer
//! shows by symbol. The value stays the address (an integer in DIF); its
//! type says how to show it, when traced (`trace(func(caller))`, printed
//! as DTrace's `dt_print_sym` does, `  %-50s`) or as an aggregation key.
//! `usym(a)`, `ufunc(a)`, `umod(a)` and `uaddr(a)` are their user twins:
//! the value is the process ID and the address (a 16-byte string), named
//! in that process.

use super::super::ast::Expr;
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, ActionKind};
use super::super::printf_format::{
    self, Format, USER_ADDRESS_CONV, USER_FUNCTION_CONV, USER_MODULE_CONV,
};
use super::super::types::{SymbolKind, Type, UserSymbol};
use super::Checker;
use rdtrace_uapi::dif::subr::Subr;

/// The internal printf conversions the consumer shows symbols with (not
/// accepted in a script's own formats): the function, or the module.
pub const FUNCTION_CONV: char = 'N';
/// See [`FUNCTION_CONV`].
pub const MODULE_CONV: char = 'M';

impl Checker<'_, '_> {
    /// `func(pc)`, `sym(pc)`, `mod(pc)` as a value.
    pub(super) fn symbol_value(
        &mut self,
        e: &Expr,
        name: &str,
        kind: SymbolKind,
        args: &[Expr],
    ) -> Option<ir::Expr> {
        let c = self.address_arg(e, name, args)?;
        Some(ir::Expr {
            ty: Type::Symbol(kind),
            span: e.span,
            ..c
        })
    }

    /// `usym(a)`, `ufunc(a)`, `umod(a)`, `uaddr(a)` as a value: the
    /// process ID and `a`.
    pub(super) fn user_symbol_value(
        &mut self,
        e: &Expr,
        name: &str,
        kind: UserSymbol,
        args: &[Expr],
    ) -> Option<ir::Expr> {
        let c = self.address_arg(e, name, args)?;
        Some(ir::Expr {
            kind: ir::ExprKind::Call(Subr::Usym, vec![c]),
            ty: Type::Usym(kind),
            span: e.span,
        })
    }

    /// The one integer argument of a symbol function.
    fn address_arg(&mut self, e: &Expr, name: &str, args: &[Expr]) -> Option<ir::Expr> {
        let [arg] = args else {
            self.report(Diagnostic::wrong_arg_count(
                e.span,
                name,
                "1 argument",
                args.len(),
            ));
            return None;
        };
        let c = self.expr(arg)?;
        if !c.ty.is_scalar() {
            self.report(Diagnostic::arg_type(arg.span, name, Type::UINT, c.ty));
            return None;
        }
        Some(c)
    }
}

/// `trace()` of a symbol: a printf of the address the consumer names.
pub(super) fn trace_symbol(value: ir::Expr, kind: SymbolKind) -> ActionKind {
    let conv = match kind {
        SymbolKind::Function => FUNCTION_CONV,
        SymbolKind::Module => MODULE_CONV,
    };
    symbol_printf(value, conv)
}

/// `trace()` of a user symbol: a printf of the pair the consumer names.
pub(super) fn trace_user_symbol(value: ir::Expr, kind: UserSymbol) -> ActionKind {
    symbol_printf(value, user_conv(kind))
}

/// The internal conversion that shows a user symbol of `kind`.
pub(super) fn user_conv(kind: UserSymbol) -> char {
    match kind {
        UserSymbol::Function => USER_FUNCTION_CONV,
        UserSymbol::Module => USER_MODULE_CONV,
        UserSymbol::Address => USER_ADDRESS_CONV,
    }
}

fn symbol_printf(value: ir::Expr, conv: char) -> ActionKind {
    let format = printf_format::parse_with(&format!("  %-50{conv}"), true)
        .unwrap_or_else(|_| Format::literal(""));
    ActionKind::Printf(format, vec![value])
}
