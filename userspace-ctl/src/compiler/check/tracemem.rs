//! `tracemem(addr, size[, dsize])`: `size` bytes of kernel (or scratch)
//! memory recorded and printed as DTrace's hex dump; with `dsize`, only
//! its first `dsize` bytes are shown (all of them when `dsize` is larger,
//! or a negative signed value), as DTrace's dynamic-size form.

use super::super::ast::{Expr, ExprKind, UnaryOp};
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, ActionKind};
use super::super::tracemem_format::Shown;
use super::super::types::Type;
use super::consts;
use super::structs::Translated;
use super::Checker;
use rdtrace_uapi::dif::subr::Subr;

/// The most bytes one `tracemem()` records: a record's value length is
/// 16 bits.
const MAX_TRACEMEM: u64 = u16::MAX as u64;

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
        // A char array member reads as a string; tracemem() takes its
        // address, as DTrace takes any array's.
        let a = match (&addr.kind, a.ty) {
            (ExprKind::Member { .. }, Type::Str) => {
                let address = Expr {
                    kind: ExprKind::Unary(UnaryOp::AddrOf, Box::new(addr.clone())),
                    span: addr.span,
                };
                self.expr(&address)?
            }
            _ => a,
        };
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
        // A record holds a value of at most this many bytes: more would
        // be cut short without a word.
        if n > MAX_TRACEMEM {
            self.report(Diagnostic::tracemem_too_large(size.span, n, MAX_TRACEMEM));
            return None;
        }
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
        let bytes = memory_bytes(a, n);
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
        let bytes = match value.ty {
            Type::StructVal(_) => value,
            _ => memory_bytes(value, size),
        };
        Some(self.traced_bytes(bytes))
    }

    /// `trace()` of a string with `rawbytes`: its `strsize` + 1 bytes (the
    /// characters, then NULs), raw, as DTrace dumps a string record.
    pub(super) fn trace_raw_string(&self, value: ir::Expr) -> ActionKind {
        let size = ir::Expr {
            kind: ir::ExprKind::Int(self.strsize() + 1),
            ty: Type::UINT,
            span: value.span,
        };
        ActionKind::Tracemem {
            bytes: value,
            dynamic: Some(size),
            shown: Shown::Padded,
        }
    }

    /// `trace()` of an array member that is not a string (`char[]` is):
    /// its bytes, as DTrace traces an array by value; none when `arg` is
    /// not such a member of a struct in memory (nothing reported then).
    pub(super) fn trace_array(&mut self, arg: &Expr) -> Option<ActionKind> {
        let (addr, m) = self.memory_member(arg, Translated::Refused)?;
        let len = m.len.filter(|_| m.bits.is_none())?;
        // A char array is a string (see `load`), traced as one.
        if m.ty == Type::CHAR {
            return None;
        }
        let size = self.size_of(m.ty).checked_mul(len).filter(|&n| n > 0)?;
        Some(self.traced_bytes(memory_bytes(addr, size)))
    }

    /// A `trace()` of `bytes` (a string of them): shown as text when they
    /// spell one, else raw; always raw with `rawbytes`.
    fn traced_bytes(&self, bytes: ir::Expr) -> ActionKind {
        let shown = match self.opts.rawbytes {
            true => Shown::All,
            false => Shown::Traced,
        };
        ActionKind::Tracemem {
            bytes,
            dynamic: None,
            shown,
        }
    }
}

/// `size` bytes of memory at `addr`, as a string.
pub(super) fn memory_bytes(addr: ir::Expr, size: u64) -> ir::Expr {
    let span = addr.span;
    let size = ir::Expr {
        kind: ir::ExprKind::Int(size),
        ty: Type::UINT,
        span,
    };
    ir::Expr {
        kind: ir::ExprKind::Call(Subr::Membytes, vec![addr, size]),
        ty: Type::Str,
        span,
    }
}
