//! `inline int f[int x, string s] = ...;` used as `f[1, "a"]`: the
//! inline's value with each parameter bound to its key, converted to the
//! parameter's type, and the result to the inline's.

use super::super::ast::Expr;
use super::super::diagnostics::Diagnostic;
use super::super::ir;
use super::Checker;

impl Checker<'_, '_> {
    pub(super) fn inline_use(&mut self, e: &Expr, name: &str, keys: &[Expr]) -> Option<ir::Expr> {
        let inline = self.syms.inlines[name].clone();
        if keys.len() != inline.params.len() {
            let want = format!("{} keys", inline.params.len());
            let d = Diagnostic::wrong_arg_count(e.span, name, &want, keys.len());
            self.report(d);
            return None;
        }
        let mut args = Vec::new();
        for ((ty, param), key) in inline.params.iter().zip(keys) {
            let value = self.expr(key)?;
            args.push((param.clone(), self.convert(value, *ty, param)?));
        }
        let depth = self.bound.len();
        self.bound.extend(args);
        let value = self.expr(&inline.value);
        self.bound.truncate(depth);
        let value = self.convert(value?, inline.ty, name)?;
        Some(ir::Expr {
            span: e.span,
            ..value
        })
    }
}
