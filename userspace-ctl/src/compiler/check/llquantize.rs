//! `llquantize(v, factor, low, high, steps)`'s parameters: integer
//! constants within DTrace's limits, each error with DTrace's tag.

use super::super::ast::Expr;
use super::super::diagnostics::Diagnostic;
use super::super::errtags::ErrTag;
use super::super::ir;
use super::Checker;
use rdtrace_uapi::aggs::llquantize::Params;

/// Largest factor, magnitude or step count (DTrace keeps them in 16 bits).
const MAX: i64 = u16::MAX as i64;

impl Checker<'_, '_> {
    /// The parameters of `llquantize(args...)` (the value is `args[0]`).
    pub(super) fn llquantize_parameters(&mut self, args: &[Expr]) -> Option<Params> {
        let tags = [
            (ErrTag::LlquantFactortype, "#1 (factor)"),
            (ErrTag::LlquantLmagtype, "#2 (low magnitude)"),
            (ErrTag::LlquantHmagtype, "#3 (high magnitude)"),
            (ErrTag::LlquantSteptype, "#4 (steps)"),
        ];
        let mut v = [0i64; 4];
        for ((slot, a), (tag, what)) in v.iter_mut().zip(args.iter().skip(1)).zip(tags) {
            let c = self.expr(a)?;
            match constant(&c) {
                Some(n) => *slot = n,
                None => {
                    let d = Diagnostic::llquantize_parameter(
                        a.span,
                        what,
                        "must be an integer constant",
                        tag,
                    );
                    self.report(d);
                    return None;
                }
            }
        }
        let span = |i: usize| args.get(i).map_or(args.first()?.span, |a| a.span).into();
        let [factor, low, high, steps] = v;
        let fail = |cx: &mut Self, i: usize, what: &str, why: &str, tag| {
            if let Some(s) = span(i) {
                cx.report(Diagnostic::llquantize_parameter(s, what, why, tag));
            }
            None
        };
        if !(2..MAX).contains(&factor) {
            return fail(
                self,
                1,
                "#1 (factor)",
                "must be between 2 and 65534",
                ErrTag::LlquantFactorval,
            );
        }
        if !(0..MAX).contains(&low) {
            return fail(
                self,
                2,
                "#2 (low magnitude)",
                "must be an unsigned 16-bit quantity",
                ErrTag::LlquantLmagval,
            );
        }
        if !(0..MAX).contains(&high) {
            return fail(
                self,
                3,
                "#3 (high magnitude)",
                "must be an unsigned 16-bit quantity",
                ErrTag::LlquantHmagval,
            );
        }
        if high < low {
            return fail(
                self,
                3,
                "#3 (high magnitude)",
                "must be at least the low magnitude",
                ErrTag::LlquantHmagval,
            );
        }
        if (factor as f64).powi(high as i32 + 1) > u64::MAX as f64 {
            return fail(
                self,
                3,
                "#3 (high magnitude)",
                "overflows 64 bits",
                ErrTag::LlquantHmagval,
            );
        }
        if steps <= 0 {
            return fail(
                self,
                4,
                "#4 (steps)",
                "must be a positive integer constant",
                ErrTag::LlquantSteptype,
            );
        }
        if steps > MAX {
            return fail(
                self,
                4,
                "#4 (steps)",
                "must be an unsigned 16-bit quantity",
                ErrTag::LlquantStepval,
            );
        }
        let p = Params {
            factor: factor as u64,
            low: low as u64,
            high: high as u64,
            steps: steps as u64,
        };
        let (f, s) = (p.factor, p.steps);
        let fits = if s < f {
            f.is_multiple_of(s)
        } else if s > f {
            s.is_multiple_of(f)
                && if p.low == 0 {
                    (f * f).is_multiple_of(s)
                } else {
                    p.pow(p.low + 1).is_multiple_of(s)
                }
        } else {
            true
        };
        if !fits {
            return fail(
                self,
                4,
                "#4 (steps)",
                "must divide the factor (or a power of it) evenly, or be a multiple of it",
                ErrTag::LlquantStepval,
            );
        }
        Some(p)
    }
}

/// The value of a constant expression (a literal, possibly negated).
fn constant(e: &ir::Expr) -> Option<i64> {
    match &e.kind {
        ir::ExprKind::Int(v) => Some(*v as i64),
        ir::ExprKind::Neg(inner) => constant(inner).map(i64::wrapping_neg),
        _ => None,
    }
}

/// The tag of a redefinition with other parameters: the first that differs.
pub fn mismatch_tag(a: &Params, b: &Params) -> ErrTag {
    if a.factor != b.factor {
        ErrTag::LlquantMatchfactor
    } else if a.low != b.low {
        ErrTag::LlquantMatchlmag
    } else if a.high != b.high {
        ErrTag::LlquantMatchhmag
    } else {
        ErrTag::LlquantMatchsteps
    }
}
