//! Pointer arithmetic, as C and D define it: `p + n` and `p - n` move by
//! `n` pointees, `p - q` counts the pointees between; a `void *` has no
//! pointee size, so it takes no arithmetic (D_OP_INCOMPAT).

use super::super::ast::Expr;
use super::super::diagnostics::Diagnostic;
use super::super::ir::{self, ArithOp};
use super::super::span::Span;
use super::super::types::Type;
use super::Checker;

/// How an arithmetic operation involves pointers.
enum Shape {
    /// No pointer: plain integer arithmetic.
    Integers,
    /// `p ± n` (`n + p`): the result points `n` pointees on.
    Offset { pointer_left: bool },
    /// `p - q`: the pointees between.
    Difference,
}

fn is_pointer(t: Type) -> bool {
    matches!(t, Type::Ptr { .. } | Type::StructPtr(_))
}

impl Checker<'_, '_> {
    /// The size of what `ptr` points to; `None` for `void *`.
    fn pointee_size(&self, ptr: Type) -> Option<u64> {
        match ptr {
            Type::Ptr { to } => to.map(|k| u64::from(k.size)),
            Type::StructPtr(id) => self.syms.structs.get(id as usize).map(|s| s.size),
            _ => None,
        }
    }

    /// What `++` adds to a value of type `ty`: 1, or a pointer's
    /// pointee size; `None` (reported) for `void *`.
    pub(super) fn pointer_step(&mut self, ty: Type, span: Span) -> Option<i64> {
        if !is_pointer(ty) {
            return Some(1);
        }
        match self.pointee_size(ty).filter(|&s| s > 0) {
            Some(size) => i64::try_from(size).ok(),
            None => {
                self.report(Diagnostic::void_pointer_arith(span, ty));
                None
            }
        }
    }

    /// `a op b` when either is a pointer; `None` when neither is (the
    /// caller does integer arithmetic), `Some(None)` after an error.
    pub(super) fn pointer_arith(
        &mut self,
        e: &Expr,
        op: ArithOp,
        a: &ir::Expr,
        b: &ir::Expr,
    ) -> Option<Option<ir::Expr>> {
        let shape = match (is_pointer(a.ty), is_pointer(b.ty), op) {
            (false, false, _) => Shape::Integers,
            (true, false, ArithOp::Add | ArithOp::Sub) => Shape::Offset { pointer_left: true },
            (false, true, ArithOp::Add) => Shape::Offset {
                pointer_left: false,
            },
            (true, true, ArithOp::Sub) => Shape::Difference,
            // Other operators treat a pointer as the integer it holds.
            _ => Shape::Integers,
        };
        let ptr = match shape {
            Shape::Integers => return None,
            Shape::Offset {
                pointer_left: false,
            } => b,
            _ => a,
        };
        let Some(size) = self.pointee_size(ptr.ty).filter(|&s| s > 0) else {
            self.report(Diagnostic::void_pointer_arith(ptr.span, ptr.ty));
            return Some(None);
        };
        let scale = |v: ir::Expr| scaled(v, ArithOp::Mul, size);
        let kind = match shape {
            Shape::Offset { pointer_left: true } => {
                ir::ExprKind::Arith(op, Box::new(a.clone()), Box::new(scale(b.clone())))
            }
            Shape::Offset {
                pointer_left: false,
            } => ir::ExprKind::Arith(op, Box::new(scale(a.clone())), Box::new(b.clone())),
            Shape::Difference => {
                let bytes = ir::Expr {
                    kind: ir::ExprKind::Arith(op, Box::new(a.clone()), Box::new(b.clone())),
                    ty: Type::INT,
                    span: a.span,
                };
                return Some(Some(ir::Expr {
                    span: e.span,
                    ..scaled(bytes, ArithOp::Div, size)
                }));
            }
            Shape::Integers => unreachable!("returned above"),
        };
        Some(Some(ir::Expr {
            kind,
            ty: ptr.ty,
            span: e.span,
        }))
    }
}

/// `v op size` (size a positive constant), typed as `v` (signed for a
/// difference).
fn scaled(v: ir::Expr, op: ArithOp, size: u64) -> ir::Expr {
    if size == 1 {
        return v;
    }
    if let (ir::ExprKind::Int(n), ArithOp::Mul) = (&v.kind, op) {
        return ir::Expr {
            kind: ir::ExprKind::Int(n.wrapping_mul(size)),
            ..v
        };
    }
    let span = v.span;
    let ty = if op == ArithOp::Div { Type::INT } else { v.ty };
    let n = ir::Expr {
        kind: ir::ExprKind::Int(size),
        ty: Type::INT,
        span,
    };
    ir::Expr {
        kind: ir::ExprKind::Arith(op, Box::new(v), Box::new(n)),
        ty,
        span,
    }
}
