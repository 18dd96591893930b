//! `stack()` and `ustack()`. A kernel stack is an action (`stack()`,
//! `trace(stack())`) that records the frames, or a value, for an
//! aggregation key (`@[stack()] = count()`). `ustack()` is refused: user
//! stacks cannot be unwound safely in probe context here.

use super::super::ast::{Expr, ExprKind};
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, ActionKind};
use super::super::names::{self, ActionName, Function};
use super::super::types::Type;
use super::consts;
use super::Checker;
use rdtrace_uapi::dif::limits::MAX_STACK_DEPTH;
use rdtrace_uapi::dif::subr::Subr;

/// DTrace's default `stackframes`.
pub const DEFAULT_STACKFRAMES: u32 = 20;

/// Whether `e` calls `stack` or `ustack`: `trace()` of one is the action.
pub(super) fn is_stack_call(e: &Expr) -> bool {
    let ExprKind::Call(callee, _) = &e.kind else {
        return false;
    };
    let ExprKind::Ident(name) = &callee.kind else {
        return false;
    };
    matches!(
        names::function(name),
        Some(Function::Action(ActionName::Stack | ActionName::Ustack))
    )
}

impl Checker<'_, '_> {
    /// The frames `stack(args)` asks for: `stackframes` with no argument,
    /// else a positive integer constant (at most rdtrace's deepest).
    fn stack_depth(&mut self, e: &Expr, name: &str, args: &[Expr]) -> Option<u32> {
        let arg = match args {
            [] => {
                let n = match self.opts.stackframes {
                    0 => DEFAULT_STACKFRAMES,
                    n => n,
                };
                return Some(n.min(MAX_STACK_DEPTH));
            }
            [arg] => arg,
            _ => {
                let d = Diagnostic::wrong_arg_count(e.span, name, "at most 1 argument", args.len());
                self.report(d);
                return None;
            }
        };
        let c = self.expr(arg)?;
        if !c.ty.is_int() {
            self.report(Diagnostic::arg_type(arg.span, name, Type::UINT32, c.ty));
            return None;
        }
        match consts::value(&c) {
            Some(n) if n > 0 && n <= i64::MAX as u64 => {
                Some(u32::try_from(n).unwrap_or(u32::MAX).min(MAX_STACK_DEPTH))
            }
            _ => {
                self.report(Diagnostic::stack_size(arg.span, name));
                None
            }
        }
    }

    /// Checks `ustack(frames, strsize)`'s arguments as DTrace does, so a
    /// wrong call is reported for what it is before the refusal.
    fn ustack_args(&mut self, e: &Expr, args: &[Expr]) -> Option<()> {
        if args.len() > 2 {
            let d =
                Diagnostic::wrong_arg_count(e.span, "ustack", "at most 2 arguments", args.len());
            self.report(d);
            return None;
        }
        for (i, arg) in args.iter().enumerate() {
            let c = self.expr(arg)?;
            if !c.ty.is_int() {
                self.report(Diagnostic::arg_type(arg.span, "ustack", Type::UINT32, c.ty));
                return None;
            }
            let least = if i == 0 { 1 } else { 0 };
            match consts::value(&c).map(|v| v as i64) {
                Some(v) if v >= least => {}
                _ => {
                    self.report(Diagnostic::ustack_arg(arg.span, i + 1));
                    return None;
                }
            }
        }
        Some(())
    }

    /// `stack(...)` or `ustack(...)` as a statement, or inside `trace()`.
    pub(super) fn stack_action(
        &mut self,
        e: &Expr,
        name: &str,
        args: &[Expr],
    ) -> Option<ActionKind> {
        if name == "ustack" {
            self.ustack_args(e, args)?;
            self.report(Diagnostic::ustack_unsupported(e.span));
            return None;
        }
        Some(ActionKind::Stack(self.stack_depth(e, name, args)?))
    }

    /// `stack(...)` as a value (an aggregation key): captured into a
    /// string of 8-byte words, so at most `strsize / 8` frames.
    pub(super) fn stack_value(&mut self, e: &Expr, name: &str, args: &[Expr]) -> Option<ir::Expr> {
        if name == "ustack" {
            self.ustack_args(e, args)?;
            self.report(Diagnostic::ustack_unsupported(e.span));
            return None;
        }
        if !self.agg_keys {
            self.report(Diagnostic::stack_not_a_value(e.span, name));
            return None;
        }
        let fit = u32::try_from(self.strsize() / 8).unwrap_or(u32::MAX).max(1);
        let depth = self.stack_depth(e, name, args)?.min(fit);
        let arg = ir::Expr {
            kind: ir::ExprKind::Int(u64::from(depth)),
            ty: Type::INT,
            span: e.span,
        };
        Some(ir::Expr {
            kind: ir::ExprKind::Call(Subr::Kstack, vec![arg]),
            ty: Type::Stack,
            span: e.span,
        })
    }
}
