//! `func(pc)`, `sym(pc)` and `mod(pc)`: a kernel address the consumer
//! shows by symbol. The value stays the address (an integer in DIF); its
//! type says how to show it, when traced (`trace(func(caller))`, printed
//! as DTrace's `dt_print_sym` does, `  %-50s`) or as an aggregation key.

use super::super::ast::Expr;
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, ActionKind};
use super::super::printf_format::{self, Format};
use super::super::types::{SymbolKind, Type};
use super::Checker;

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
        Some(ir::Expr {
            ty: Type::Symbol(kind),
            span: e.span,
            ..c
        })
    }
}

/// `trace()` of a symbol: a printf of the address the consumer names.
pub(super) fn trace_symbol(value: ir::Expr, kind: SymbolKind) -> ActionKind {
    let conv = match kind {
        SymbolKind::Function => FUNCTION_CONV,
        SymbolKind::Module => MODULE_CONV,
    };
    let format = printf_format::parse_with(&format!("  %-50{conv}"), true)
        .unwrap_or_else(|_| Format::literal(""));
    ActionKind::Printf(format, vec![value])
}
