//! Loops: `for` and `while`, each given the bound DIF's `loop` needs —
//! proven from the shape `for (i = A; i < B; i++)`, or `maxloop`.

use super::super::ast::{BinaryOp, Expr, ExprKind, Stmt};
use super::super::diagnostics::Diagnostic;
use super::super::ir::{Action, ActionKind};
use super::super::DEFAULT_MAXLOOP;
use super::symbols::Symbols;
use super::Checker;
use rdtrace_uapi::dif::limits::MAX_LOOP_BOUND;

/// The integer a constant expression spells: a literal, possibly
/// negated, or an enumerator or inline naming one (`syms` resolves
/// names; `depth` stops an inline naming itself).
fn literal(e: &Expr, syms: &Symbols, depth: u8) -> Option<i128> {
    match &e.kind {
        ExprKind::Int { value, .. } => Some(i128::from(*value)),
        ExprKind::Unary(super::super::ast::UnaryOp::Neg, x) => literal(x, syms, depth).map(|v| -v),
        ExprKind::Ident(n) if depth > 0 => match syms.enumerators.get(n) {
            Some(&v) => Some(i128::from(v)),
            None => literal(&syms.inlines.get(n)?.value, syms, depth - 1),
        },
        _ => None,
    }
}

/// The variable name an expression is, if a plain global or `this->`.
fn var_name(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Ident(n) => Some(n.clone()),
        ExprKind::Member {
            base,
            name,
            arrow: true,
        } => match &base.kind {
            ExprKind::Ident(b) => Some(format!("{b}->{name}")),
            _ => None,
        },
        _ => None,
    }
}

/// Iterations of `for (v = A; v < B (or <=, !=); v++ (or ++v, v += 1))`.
fn proven_bound(
    init: Option<&Expr>,
    cond: Option<&Expr>,
    step: Option<&Expr>,
    syms: &Symbols,
) -> Option<i128> {
    let literal = |e: &Expr| literal(e, syms, 8);
    let ExprKind::Assign(None, v, a) = &init?.kind else {
        return None;
    };
    let (v, a) = (var_name(v)?, literal(a)?);
    let ExprKind::Binary(op, cv, b) = &cond?.kind else {
        return None;
    };
    if var_name(cv)? != v {
        return None;
    }
    let b = literal(b)?;
    let steps_by_one = match &step?.kind {
        ExprKind::Incr {
            target, delta: 1, ..
        } => var_name(target)? == v,
        ExprKind::Assign(Some(BinaryOp::Add), t, one) => {
            var_name(t)? == v && literal(one) == Some(1)
        }
        _ => false,
    };
    if !steps_by_one {
        return None;
    }
    match op {
        BinaryOp::Lt | BinaryOp::Ne => Some((b - a).max(0)),
        BinaryOp::Le => Some((b - a + 1).max(0)),
        _ => None,
    }
}

impl Checker<'_, '_> {
    pub(super) fn loop_statement(
        &mut self,
        s: &Stmt,
        init: Option<&Expr>,
        cond: Option<&Expr>,
        step: Option<&Expr>,
        body: &[Stmt],
    ) -> Option<Action> {
        let bound = match proven_bound(init, cond, step, &self.syms) {
            Some(n) if n > i128::from(MAX_LOOP_BOUND) => {
                self.report(Diagnostic::loop_too_long(s.span, n, MAX_LOOP_BOUND));
                return None;
            }
            Some(n) => n as u32,
            None if self.opts.maxloop == 0 => DEFAULT_MAXLOOP,
            None => self.opts.maxloop.min(MAX_LOOP_BOUND),
        };
        let c = match cond {
            Some(c) => Some(self.condition(c)?),
            None => None,
        };
        let st = match step {
            Some(e) => Some(self.expr(e)?),
            None => None,
        };
        self.loops += 1;
        let body = self.statements(body);
        self.loops -= 1;
        Some(Action {
            kind: ActionKind::Loop {
                cond: c,
                step: st,
                body,
                bound,
            },
            span: s.span,
        })
    }
}
