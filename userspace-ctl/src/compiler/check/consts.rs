//! The value of an integer expression made of literals only, as DTrace
//! folds them while parsing: so `x / (1 - 1)` is a division by zero at
//! compile time (D_DIV_ZERO), not a fault in probe context.

use super::super::ir::{ArithOp, Expr, ExprKind};

/// The expression's value if it is constant; none if any part is not,
/// or would itself divide by zero.
pub(super) fn value(e: &Expr) -> Option<u64> {
    Some(match &e.kind {
        ExprKind::Int(v) => *v,
        ExprKind::Neg(a) => value(a)?.wrapping_neg(),
        ExprKind::BitNot(a) => !value(a)?,
        ExprKind::Arith(op, a, b) => {
            let (a, b) = (value(a)?, value(b)?);
            let signed = e.ty.is_signed();
            match op {
                ArithOp::Add => a.wrapping_add(b),
                ArithOp::Sub => a.wrapping_sub(b),
                ArithOp::Mul => a.wrapping_mul(b),
                ArithOp::Div | ArithOp::Rem if b == 0 => return None,
                ArithOp::Div if signed => (a as i64).wrapping_div(b as i64) as u64,
                ArithOp::Div => a / b,
                ArithOp::Rem if signed => (a as i64).wrapping_rem(b as i64) as u64,
                ArithOp::Rem => a % b,
                ArithOp::And => a & b,
                ArithOp::Or => a | b,
                ArithOp::Xor => a ^ b,
                ArithOp::Shl => a.wrapping_shl(b as u32),
                ArithOp::Shr if signed => ((a as i64).wrapping_shr(b as u32)) as u64,
                ArithOp::Shr => a.wrapping_shr(b as u32),
            }
        }
        _ => return None,
    })
}
