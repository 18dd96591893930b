//! `tracemem(addr, size[, dsize])`: `size` bytes of kernel (or scratch)
//! memory recorded and printed as DTrace's hex dump; with `dsize`, only
//! its first `dsize` bytes are shown (all of them when `dsize` is larger,
//! or a negative signed value), as DTrace's dynamic-size form.

use super::super::ast::Expr;
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, ActionKind};
use super::super::tracemem_format::Shown;
use super::super::types::Type;
use super::consts;
use super::Checker;
use rdtrace_uapi::dif::subr::Subr;

impl Checker<'_, '_> {
    /// The checked `tracemem()` call `call` with `args`.
    pub(super) fn tracemem(&mut self, call: &Expr, args: &[Expr]) -> Option<ActionKind> {
        let (addr, size, dsize) = match args {
            [a, s] => (a, s, None),
            [a, s, d] => (a, s, Some(d)),
            [_, _, _, extra, ..] => {
                self.report(Diagnostic::tracemem_args(extra.span));
                return None;
            }
            _ => {
                let d = Diagnostic::wrong_arg_count(
                    call.span,
                    "tracemem",
                    "2 or 3 arguments",
                    args.len(),
                );
                self.report(d);
                return None;
            }
        };
        let a = self.expr(addr)?;
        let addressable = matches!(
            a.ty,
            Type::Int { .. } | Type::Ptr { .. } | Type::StructPtr(_) | Type::Symbol(_)
        );
        if !addressable {
            self.report(Diagnostic::tracemem_addr(addr.span, a.ty));
            return None;
        }
        let s = self.expr(size)?;
        if !s.ty.is_int() {
            self.report(Diagnostic::arg_type(
                size.span,
                "tracemem",
                Type::UINT,
                s.ty,
            ));
            return None;
        }
        let n = consts::value(&s).filter(|&n| n != 0 && !(s.ty.is_signed() && (n as i64) < 0));
        let Some(n) = n else {
            self.report(Diagnostic::tracemem_size(size.span));
            return None;
        };
        let dynamic = match dsize {
            Some(d) => {
                let v = self.expr(d)?;
                if !v.ty.is_scalar() {
                    self.report(Diagnostic::tracemem_dynsize(d.span, v.ty));
                    return None;
                }
                Some(v)
            }
            None => None,
        };
        let span = call.span;
        let size = ir::Expr {
            kind: ir::ExprKind::Int(n),
            ty: Type::UINT,
            span: size.span,
        };
        let bytes = ir::Expr {
            kind: ir::ExprKind::Call(Subr::Membytes, vec![a, size]),
            ty: Type::Str,
            span,
        };
        let shown = match &dynamic {
            None => Shown::All,
            Some(d) if d.ty.is_signed() => Shown::Signed,
            Some(_) => Shown::Unsigned,
        };
        Some(ActionKind::Tracemem {
            bytes,
            dynamic,
            shown,
        })
    }

    /// `trace()` of struct `id`'s `value` (in kernel memory, or a struct
    /// variable's bytes): its bytes, shown as DTrace's `dt_print_bytes`
    /// shows them (raw with `rawbytes`).
    pub(super) fn trace_struct(&mut self, value: ir::Expr, id: u32) -> Option<ActionKind> {
        let size = self.syms.structs.get(id as usize).map_or(0, |s| s.size);
        if size == 0 {
            let what = "tracing a struct or union of no size";
            self.report(Diagnostic::unsupported(value.span, what));
            return None;
        }
        let span = value.span;
        let bytes = match value.ty {
            Type::StructVal(_) => value,
            _ => {
                let size = ir::Expr {
                    kind: ir::ExprKind::Int(size),
                    ty: Type::UINT,
                    span,
                };
                ir::Expr {
                    kind: ir::ExprKind::Call(Subr::Membytes, vec![value, size]),
                    ty: Type::Str,
                    span,
                }
            }
        };
        let shown = match self.opts.rawbytes {
            true => Shown::All,
            false => Shown::Traced,
        };
        Some(ActionKind::Tracemem {
            bytes,
            dynamic: None,
            shown,
        })
    }
}
