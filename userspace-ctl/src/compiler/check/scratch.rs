//! Scratch memory, checked as DTrace checks it: `alloca(size)`,
//! `copyin(addr, size)`, `copyinto(addr, size, dest)`, `bcopy(src, dest,
//! size)` and stores through pointers (`*p = v`, `p[i] = v`, `p->m = v`,
//! which the kernel allows into scratch only); and DTrace's alloca
//! pointers: the values that point into scratch, the only destinations
//! `bcopy` and `copyinto` take, which a variable may not mix with other
//! pointers.

use super::super::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use super::super::diagnostics::Diagnostic;
use super::super::errtags::ErrTag;
use super::super::ir::{self, ArithOp};
use super::super::types::Type;
use super::Checker;
use rdtrace_uapi::dif::subr::Subr;

/// The subroutines that take or make scratch memory.
pub(super) const SCRATCH_SUBRS: &[&str] = &["alloca", "copyin", "copyinto", "bcopy"];

/// Whether a value points into scratch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Taint {
    /// Not from `alloca()` or `copyin()`.
    Plain,
    /// From `alloca()` or `copyin()` (an alloca pointer).
    Alloca,
    /// A `?:` of both.
    Mixed,
}

impl Checker<'_, '_> {
    /// `alloca`, `copyin`, `copyinto` or `bcopy` (`name`) called.
    pub(super) fn scratch_call(&mut self, e: &Expr, name: &str, args: &[Expr]) -> Option<ir::Expr> {
        let arity = match name {
            "alloca" => 1,
            "copyin" => 2,
            _ => 3,
        };
        if !self.arity_ok(e, name, args.len(), arity, 0) {
            return None;
        }
        let mut checked = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            let c = self.argument(arg, &format!("`{name}`"), ErrTag::ProtoArg)?;
            // bcopy's source may be a string: its bytes.
            let string_source = name == "bcopy" && i == 0 && c.ty.is_string();
            if !c.ty.is_scalar() && !string_source {
                self.report(Diagnostic::arg_type(arg.span, name, Type::UINT, c.ty));
                return None;
            }
            checked.push(c);
        }
        let at = |kind, ty| ir::Expr {
            kind,
            ty,
            span: e.span,
        };
        let (subr, ty) = match name {
            "alloca" | "copyin" => {
                let limit = self.opts.scratchsize;
                if let Some(n) = checked.last().and_then(super::consts::value) {
                    if limit != 0 && n > limit {
                        self.report(Diagnostic::alloca_size(e.span, name, n, limit));
                        return None;
                    }
                }
                checked.push(at(ir::ExprKind::Int(limit), Type::UINT));
                let subr = match name {
                    "alloca" => Subr::Alloca,
                    _ => Subr::Copyin,
                };
                (subr, Type::Ptr { to: None })
            }
            "copyinto" => {
                self.need_alloca(&checked[2], args[2].span, name, 3)?;
                (Subr::Copyinto, Type::INT)
            }
            _ => {
                self.need_alloca(&checked[1], args[1].span, name, 2)?;
                match checked[0].ty.is_string() {
                    true => (Subr::BcopyStr, Type::INT),
                    false => (Subr::Bcopy, Type::INT),
                }
            }
        };
        Some(at(ir::ExprKind::Call(subr, checked), ty))
    }

    /// Reports `c` (argument `n` of `name`) unless it is an alloca pointer.
    fn need_alloca(
        &mut self,
        c: &ir::Expr,
        span: super::super::span::Span,
        name: &str,
        n: usize,
    ) -> Option<()> {
        if self.taint(c) == Taint::Alloca {
            return Some(());
        }
        self.report(Diagnostic::not_alloca_pointer(span, name, n));
        None
    }

    /// Whether `e` points into scratch.
    pub(super) fn taint(&self, e: &ir::Expr) -> Taint {
        match &e.kind {
            ir::ExprKind::Call(Subr::Alloca | Subr::Copyin, _) => Taint::Alloca,
            ir::ExprKind::Load(p) if p.keys.is_empty() => match self.syms.alloca.get(&p.var) {
                Some(true) => Taint::Alloca,
                _ => Taint::Plain,
            },
            ir::ExprKind::Store(_, v) | ir::ExprKind::Narrow(v, _) => self.taint(v),
            ir::ExprKind::Arith(ArithOp::Add | ArithOp::Sub, a, b) => {
                match (self.taint(a), self.taint(b)) {
                    (Taint::Plain, t) | (t, Taint::Plain) => t,
                    _ => Taint::Mixed,
                }
            }
            ir::ExprKind::Ternary(_, a, b) => {
                let null = |x: &ir::Expr| x.kind == ir::ExprKind::Int(0);
                match (self.taint(a), self.taint(b)) {
                    (x, y) if x == y => x,
                    (Taint::Alloca, Taint::Plain) if null(b) => Taint::Alloca,
                    (Taint::Plain, Taint::Alloca) if null(a) => Taint::Alloca,
                    (x, y)
                        if is_pointer(a.ty) && is_pointer(b.ty)
                            || x == Taint::Mixed
                            || y == Taint::Mixed =>
                    {
                        Taint::Mixed
                    }
                    _ => Taint::Plain,
                }
            }
            _ => Taint::Plain,
        }
    }

    /// Records that variable `var` (`name`) is given `value`: a variable
    /// holds alloca pointers or other pointers, never both (NULL goes
    /// with either).
    pub(super) fn note_pointer_store(
        &mut self,
        var: u32,
        name: &str,
        value: &ir::Expr,
        span: super::super::span::Span,
    ) -> Option<()> {
        let taint = self.taint(value);
        if taint == Taint::Mixed {
            self.report(Diagnostic::alloca_ternary(value.span));
            return None;
        }
        if value.kind == ir::ExprKind::Int(0) || (taint == Taint::Plain && !is_pointer(value.ty)) {
            return Some(());
        }
        let alloca = taint == Taint::Alloca;
        match self.syms.alloca.get(&var) {
            Some(&was) if was != alloca => {
                self.report(Diagnostic::alloca_var_clash(span, name));
                None
            }
            _ => {
                self.syms.alloca.insert(var, alloca);
                Some(())
            }
        }
    }

    /// `lhs = rhs` or `lhs op= rhs` where `lhs` is memory a pointer
    /// reaches (`*p`, `p[i]`, `p->m`): a store, which the kernel allows
    /// into scratch only. None when `lhs` is not such a place.
    pub(super) fn pointer_store(
        &mut self,
        e: &Expr,
        op: Option<BinaryOp>,
        lhs: &Expr,
        rhs: &Expr,
    ) -> Option<Option<ir::Expr>> {
        let place = match &lhs.kind {
            ExprKind::Unary(UnaryOp::Deref, p) => Some(self.deref_place(lhs, p)),
            ExprKind::Index(base, keys)
                if base.kind != ExprKind::Ident("args".into())
                    && (self.is_pointer_variable(base)
                        || !(self.is_variable(lhs) || self.is_variable(base))) =>
            {
                Some(self.element_address(lhs, base, keys))
            }
            ExprKind::Member { base, name, arrow } if !self.is_variable(lhs) => Some(
                self.member_address(lhs, base, name, *arrow)
                    .and_then(|(addr, m)| match (m.len, m.bits) {
                        (None, None) => Some((addr, m.ty)),
                        _ => {
                            self.report(Diagnostic::not_assignable(lhs.span));
                            None
                        }
                    }),
            ),
            _ => None,
        }?;
        if place.is_some() && !self.is_writable(lhs) {
            let symbol = op.map_or_else(|| "=".to_string(), |op| format!("{}=", op.symbol()));
            self.report(Diagnostic::not_writable(lhs.span, &symbol));
            return Some(None);
        }
        Some(self.store_through(e, op, lhs, rhs, place))
    }

    /// Whether `e` may be written, by DTrace's rule: a D variable, or
    /// memory reached from one by `.`, `->`, `[ ]`, `*v` or `*(v + i)`
    /// (a cast, a builtin, an inline or a function's result reaches none).
    fn is_writable(&self, e: &Expr) -> bool {
        let read_only = matches!(&e.kind, ExprKind::Ident(n)
            if self.syms.inlines.contains_key(n)
                || super::super::translators::BUILTINS.iter().any(|&(b, _, _)| b == n));
        if self.is_variable(e) {
            return !read_only;
        }
        match &e.kind {
            ExprKind::Member { base, .. } | ExprKind::Index(base, _) => self.is_writable(base),
            ExprKind::Unary(UnaryOp::Deref, p) => {
                self.is_writable(p)
                    || matches!(&p.kind, ExprKind::Binary(BinaryOp::Add, l, _) if self.is_writable(l))
            }
            _ => false,
        }
    }

    /// `*p` as a place: its address and type.
    fn deref_place(&mut self, lhs: &Expr, p: &Expr) -> Option<(ir::Expr, Type)> {
        let c = self.expr(p)?;
        if c.ty == (Type::Ptr { to: None }) {
            self.report(Diagnostic::deref_void(lhs.span));
            return None;
        }
        let Some(to) = c.ty.pointee() else {
            self.report(Diagnostic::deref_non_pointer(p.span, c.ty));
            return None;
        };
        Some((c, to))
    }

    /// The store of `rhs` (combined with the old value by `op`) into the
    /// `place` of type `ty` at `addr`.
    fn store_through(
        &mut self,
        e: &Expr,
        op: Option<BinaryOp>,
        lhs: &Expr,
        rhs: &Expr,
        place: Option<(ir::Expr, Type)>,
    ) -> Option<ir::Expr> {
        let (addr, ty) = place?;
        let width = match ty {
            Type::Int { size, .. } => u64::from(size),
            Type::Ptr { .. } | Type::StructPtr(_) => 8,
            _ => {
                self.report(Diagnostic::not_assignable(lhs.span));
                return None;
            }
        };
        let value = self.assigned_value(e, op, lhs, rhs)?;
        let value = self.convert(value, ty, "*pointer")?;
        let span = e.span;
        let w = ir::Expr {
            kind: ir::ExprKind::Int(width),
            ty: Type::UINT,
            span,
        };
        Some(ir::Expr {
            kind: ir::ExprKind::Call(Subr::ScratchStore, vec![addr, value, w]),
            ty,
            span,
        })
    }
}

fn is_pointer(t: Type) -> bool {
    matches!(t, Type::Ptr { .. } | Type::StructPtr(_))
}
