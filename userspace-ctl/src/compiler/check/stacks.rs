//! `stack()` and `ustack()` (`jstack()`, for which Linux has no Java
//! frames, is `ustack()`). A stack is an action (`stack()`,
//! `trace(stack())`) that records the frames, or a value, for an
//! aggregation key (`@[stack()] = count()`). A user stack is walked by its
//! frame pointers in probe context, and named by the consumer.

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
/// DTrace's default `ustackframes`.
pub const DEFAULT_USTACKFRAMES: u32 = 100;
/// DTrace's default `jstackframes`.
pub const DEFAULT_JSTACKFRAMES: u32 = 50;

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
    fn ustack_args(&mut self, e: &Expr, args: &[Expr]) -> Option<Option<u64>> {
        if args.len() > 2 {
            let d =
                Diagnostic::wrong_arg_count(e.span, "ustack", "at most 2 arguments", args.len());
            self.report(d);
            return None;
        }
        let mut frames = None;
        for (i, arg) in args.iter().enumerate() {
            let c = self.expr(arg)?;
            if !c.ty.is_int() {
                self.report(Diagnostic::arg_type(arg.span, "ustack", Type::UINT32, c.ty));
                return None;
            }
            let least = if i == 0 { 1 } else { 0 };
            match consts::value(&c).map(|v| v as i64) {
                Some(v) if v >= least => {
                    if i == 0 {
                        frames = Some(v as u64);
                    }
                }
                _ => {
                    self.report(Diagnostic::ustack_arg(arg.span, i + 1));
                    return None;
                }
            }
        }
        Some(frames)
    }

    /// `stack(...)` or `ustack(...)` as a statement, or inside `trace()`.
    pub(super) fn stack_action(
        &mut self,
        e: &Expr,
        name: &str,
        args: &[Expr],
    ) -> Option<ActionKind> {
        if let Some(java) = user_stack(name) {
            return Some(ActionKind::Ustack(self.ustack_depth(e, args, java)?));
        }
        Some(ActionKind::Stack(self.stack_depth(e, name, args)?))
    }

    /// `stack(...)` as a value (an aggregation key): captured into a
    /// string of 8-byte words, so at most `strsize / 8` frames.
    pub(super) fn stack_value(&mut self, e: &Expr, name: &str, args: &[Expr]) -> Option<ir::Expr> {
        let user = user_stack(name);
        if !self.agg_keys {
            self.report(Diagnostic::stack_not_a_value(e.span, name));
            return None;
        }
        let fit = u32::try_from(self.strsize() / 8).unwrap_or(u32::MAX).max(2);
        let (subr, ty, depth) = match user {
            // The process ID takes a word.
            Some(java) => (
                Subr::Ustack,
                Type::Ustack,
                self.ustack_depth(e, args, java)?.min(fit - 1),
            ),
            None => (
                Subr::Kstack,
                Type::Stack,
                self.stack_depth(e, name, args)?.min(fit),
            ),
        };
        let arg = ir::Expr {
            kind: ir::ExprKind::Int(u64::from(depth)),
            ty: Type::INT,
            span: e.span,
        };
        Some(ir::Expr {
            kind: ir::ExprKind::Call(subr, vec![arg]),
            ty,
            span: e.span,
        })
    }

    /// The frames `ustack(frames, strsize)` (or `jstack()`) asks for:
    /// `ustackframes` (`jstackframes`) with no argument, at most rdtrace's
    /// deepest.
    fn ustack_depth(&mut self, e: &Expr, args: &[Expr], java: bool) -> Option<u32> {
        let asked = self.ustack_args(e, args)?;
        let default = match (java, self.opts.ustackframes) {
            (true, _) => DEFAULT_JSTACKFRAMES,
            (false, 0) => DEFAULT_USTACKFRAMES,
            (false, n) => n,
        };
        let n = asked.map_or(default, |n| u32::try_from(n).unwrap_or(u32::MAX));
        Some(n.min(MAX_STACK_DEPTH))
    }
}

/// Whether `name` is a user stack (`Some(true)` for `jstack`).
fn user_stack(name: &str) -> Option<bool> {
    match name {
        "ustack" => Some(false),
        "jstack" => Some(true),
        _ => None,
    }
}
